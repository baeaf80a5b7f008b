// http_test_client.hpp: a tiny synchronous HTTP/1.1 client for the tests (Beast over Asio), so
// that a server under test is judged by a client that shares no code with it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

namespace test_support {

struct HttpReply {
  int status = 0;
  std::string body;
  std::string location;
  std::string connection;
  std::string retry_after;  // the Retry-After header, empty when absent
  std::vector<std::pair<std::string, std::string>> headers;  // every header, in order
  // The first header `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
  boost::system::error_code error;  // set when no complete answer arrived
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One keep-alive connection to 127.0.0.1:port. Each send() writes one request and reads one
// answer (10 s timeout).
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();
  HttpReply send(const std::string& method, const std::string& target, const Headers& headers,
                 const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection.
HttpReply http_once(std::uint16_t port, const std::string& method, const std::string& target,
                    const Headers& headers = {}, const std::string& body = "");

// Percent-encodes all but RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);

}  // namespace test_support
