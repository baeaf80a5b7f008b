// http_test_client.cpp: synchronous Beast client.
#include "http_test_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace test_support {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct HttpConnection::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::uint16_t port = 0;
};

HttpConnection::HttpConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->stream.expires_after(std::chrono::seconds(10));
  impl_->stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

HttpConnection::~HttpConnection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
}

HttpReply HttpConnection::send(const std::string& method, const std::string& target,
                               const Headers& headers, const std::string& body) {
  HttpReply reply;
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
  impl_->stream.expires_after(std::chrono::seconds(10));
  http::write(impl_->stream, req, reply.error);
  if (reply.error) return reply;
  http::response_parser<http::string_body> parser;
  parser.body_limit(uint64_t{64} * 1024 * 1024);
  http::read(impl_->stream, impl_->buffer, parser, reply.error);
  if (reply.error) return reply;
  const auto& res = parser.get();
  reply.status = static_cast<int>(res.result_int());
  reply.body = res.body();
  if (auto it = res.find(http::field::location); it != res.end()) reply.location = it->value();
  if (auto it = res.find(http::field::connection); it != res.end()) reply.connection = it->value();
  if (auto it = res.find(http::field::retry_after); it != res.end())
    reply.retry_after = it->value();
  for (const auto& field : res) {
    reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return reply;
}

std::string HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, name)) return value;
  }
  return {};
}

HttpReply http_once(std::uint16_t port, const std::string& method, const std::string& target,
                    const Headers& headers, const std::string& body) {
  HttpConnection connection(port);
  return connection.send(method, target, headers, body);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace test_support
