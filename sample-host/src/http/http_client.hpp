// http_client.hpp: a blocking HTTP/1.1 client over Boost.Beast + OpenSSL with keep-alive reuse.
//
// Beast and Asio stay out of this header (pimpl): it is included widely and they are heavy.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace host::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string url;     // absolute http:// or https:// URL, query already encoded
  std::vector<Header> headers;
  std::string_view body;  // sent as-is (these are the signed bytes); borrowed for send()
};

enum class TransportError {
  kNone = 0,
  kBadUrl,            // the URL cannot be parsed or has an unsupported scheme
  kResolve,           // the host name did not resolve
  kConnect,           // TCP connect failed or timed out
  kTls,               // TLS handshake or certificate verification failed
  kTimeout,           // no complete response within the read timeout
  kReset,             // the peer closed or reset the connection mid-exchange
  kTruncated,         // the body ended before its declared length
  kProtocol,          // not valid HTTP
  kTooLarge,          // headers or body over the configured limits
  kPlainHttpRefused,  // plain http:// to a host other than loopback without allow_plain_http
};

struct Response {
  TransportError error = TransportError::kNone;
  std::string error_message;  // set when error != kNone; never contains secrets or URLs' queries
  int status = 0;             // HTTP status; 0 when error != kNone
  std::vector<Header> headers;
  std::string body;
  bool ok() const { return error == TransportError::kNone; }
  // The first header with this name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{60'000};  // write + read of one exchange
  size_t max_body_bytes = 64u << 20;
  size_t max_header_bytes = 64u << 10;
  std::filesystem::path ca_file;    // extra trusted CA (e.g. the sandbox's); system store always
  size_t max_idle_per_origin = 16;  // kept-alive connections per scheme://host:port
  std::string user_agent = "connector-host";
  // Plain http:// to a host other than loopback (http/plain_http_policy.hpp) is refused unless
  // this is set; when set, each such origin is warned about on its first request.
  bool allow_plain_http = false;
};

// THREADING: send() may be called from many threads at once; each call uses its own connection
// (taken from or returned to the idle pool). TLS always verifies the peer and sends SNI. Plain
// HTTP goes to loopback only, unless ClientOptions::allow_plain_http.
class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads the whole response. Never throws; failures are in the Response.
  Response send(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace host::http
