// webhook_client.cpp: resolve, connect, (TLS handshake,) write, read the status, under one
// deadline that closes the socket when it fires.
#include "webhook_client.hpp"

#include <optional>

#include <boost/url/parse.hpp>

#include "beast_stream.hpp"

namespace sandbox {
namespace {

// A receiver's answer body is not needed; keep reading it bounded.
constexpr std::uint64_t kMaxAnswerBody = 64 * 1024;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // path and query, at least "/"
};

std::optional<Target> parse_target(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  Target t;
  const auto scheme = parsed->scheme();
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    return std::nullopt;
  }
  t.host = std::string(parsed->encoded_host());
  if (t.host.empty()) return std::nullopt;
  if (!t.host.empty() && t.host.front() == '[' && t.host.back() == ']')
    t.host = t.host.substr(1, t.host.size() - 2);
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.path = std::string(parsed->encoded_path());
  if (t.path.empty()) t.path = "/";
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  return t;
}

std::string describe(const beast::error_code& ec) {
  if (ec == net::error::connection_refused) return "connection refused";
  return ec.message();
}

template <typename Stream>
class Attempt : public std::enable_shared_from_this<Attempt<Stream>> {
 public:
  Attempt(net::io_context& io, Stream stream, Target target,
          http::request<http::string_body> request, std::function<void(AttemptResult)> done)
      : resolver_(io),
        stream_(std::move(stream)),
        deadline_(io),
        target_(std::move(target)),
        request_(std::move(request)),
        done_(std::move(done)) {}

  void start(std::chrono::milliseconds timeout) {
    deadline_.expires_after(timeout);
    deadline_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the attempt finished first
      self->timed_out_ = true;
      self->resolver_.cancel();
      beast::get_lowest_layer(self->stream_).close();
    });
    resolver_.async_resolve(
        target_.host, target_.port,
        [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
          if (ec) return self->finish(ec, 0);
          beast::get_lowest_layer(self->stream_)
              .async_connect(r, [self](beast::error_code ec2, const tcp::endpoint&) {
                if (ec2) return self->finish(ec2, 0);
                self->secure();
              });
        });
  }

 private:
  void secure() {
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      // SSL_set_tlsext_host_name without the macro's C cast.
      if (SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(target_.host.c_str())) != 1)
        return finish(
            beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()),
            0);
      stream_.set_verify_callback(net::ssl::host_name_verification(target_.host));
      stream_.async_handshake(net::ssl::stream_base::client,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->finish(ec, 0);
                                self->write();
                              });
    } else {
      write();
    }
  }

  void write() {
    http::async_write(stream_, request_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->finish(ec, 0);
                        self->read();
                      });
  }

  void read() {
    parser_.body_limit(kMaxAnswerBody);
    http::async_read(stream_, buffer_, parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->finish(ec, ec ? 0 : self->parser_.get().result_int());
                     });
  }

  void finish(const beast::error_code& ec, unsigned status) {
    if (!done_) return;
    deadline_.cancel();
    AttemptResult result;
    if (timed_out_) {
      result.summary = "timeout";
    } else if (ec) {
      result.summary = describe(ec);
    } else {
      result.acknowledged = status == 200;
      result.summary = std::to_string(status);
    }
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  tcp::resolver resolver_;
  Stream stream_;
  net::steady_timer deadline_;
  Target target_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  bool timed_out_ = false;
  std::function<void(AttemptResult)> done_;
};

}  // namespace

WebhookClient::WebhookClient(net::io_context& io, std::chrono::milliseconds timeout)
    : io_(io), timeout_(timeout), tls_(net::ssl::context::tls_client) {}

bool WebhookClient::load_trust(const std::string& ca_file, std::string* error) {
  beast::error_code ec;
  tls_.set_verify_mode(net::ssl::verify_peer, ec);
  if (!ec) {
    if (ca_file.empty()) {
      tls_.set_default_verify_paths(ec);
    } else {
      tls_.load_verify_file(ca_file, ec);
    }
  }
  if (ec) {
    if (error) *error = "cannot load the webhook CA file '" + ca_file + "': " + ec.message();
    return false;
  }
  return true;
}

void WebhookClient::post(const std::string& url, std::string body,
                         std::vector<std::pair<std::string, std::string>> headers,
                         std::function<void(AttemptResult)> done) {
  auto target = parse_target(url);
  if (!target) {
    net::post(io_, [done = std::move(done)] { done(AttemptResult{false, "bad address"}); });
    return;
  }
  http::request<http::string_body> request{http::verb::post, target->path, 11};
  request.set(http::field::host, target->host + ":" + target->port);
  request.set(http::field::user_agent, "tiktok-shop-sandbox-webhooks");
  request.set(http::field::connection, "close");
  for (auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  if (target->tls) {
    auto attempt = std::make_shared<Attempt<beast::ssl_stream<beast::tcp_stream>>>(
        io_, beast::ssl_stream<beast::tcp_stream>(io_, tls_), std::move(*target),
        std::move(request), std::move(done));
    attempt->start(timeout_);
  } else {
    auto attempt = std::make_shared<Attempt<beast::tcp_stream>>(
        io_, beast::tcp_stream(io_), std::move(*target), std::move(request), std::move(done));
    attempt->start(timeout_);
  }
}

}  // namespace sandbox
