// http_server.cpp: Beast sessions (plain and TLS), keep-alive, limits, timeouts, faults.
#include "http_server.hpp"

#include <optional>
#include <thread>
#include <vector>

#include "beast_stream.hpp"
#include "query_string.hpp"
#include "sandbox_app.hpp"

namespace sandbox {
namespace {

constexpr int kSlowBodyChunks = 8;

// Serializes an answer ourselves so that faults can cut or pace the exact bytes.
std::string serialize(const ApiResponse& r, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(r.http_status) + " ";
  out +=
      std::string(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(r.http_status))));
  out += "\r\nServer: tiktok-shop-sandbox\r\nContent-Type: " + r.content_type;
  out += "\r\nContent-Length: " + std::to_string(r.body.size());
  if (!r.location.empty()) out += "\r\nLocation: " + r.location;
  out += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
  out += "\r\n\r\n";
  return out;
}

// Turns a parsed Beast request into the transport-free form. nullopt: malformed target.
std::optional<ApiRequest> to_api_request(const http::request<http::string_body>& req) {
  ApiRequest out;
  out.method = std::string(req.method_string());
  const std::string_view target(req.target().data(), req.target().size());
  const size_t q = target.find('?');
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  if (q != std::string_view::npos) {
    auto query = parse_query(target.substr(q + 1));
    if (!query) return std::nullopt;
    out.query = std::move(*query);
  }
  if (auto it = req.find(http::field::content_type); it != req.end())
    out.content_type = std::string(it->value());
  if (auto it = req.find("x-tts-access-token"); it != req.end())
    out.access_token = std::string(it->value());
  if (auto it = req.find(http::field::host); it != req.end()) out.host = std::string(it->value());
  out.body = req.body();
  return out;
}

template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, SandboxApp& app, const SandboxOptions& options)
      : stream_(std::move(stream)), app_(app), options_(options), timer_(stream_.get_executor()) {}

  void start() {
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      arm_timeout();
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read_request();
                              });
    } else {
      read_request();
    }
  }

 private:
  void arm_timeout() {
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::milliseconds(options_.read_timeout_ms));
  }

  void read_request() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    arm_timeout();
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      send(failure(413, codes::kInvalidParameter, "Request too large"), false, FaultPlan{});
      return;
    }
    if (ec) return close();  // end of stream, timeout, garbage: nothing to answer
    const auto& req = parser_->get();
    const bool keep_alive = req.keep_alive();
    auto api_request = to_api_request(req);
    if (!api_request) {
      send(failure(400, codes::kInvalidParameter, "Malformed request target"), false, FaultPlan{});
      return;
    }
    Dispatch d = app_.handle(*api_request);
    if (d.fault.latency_ms > 0) {
      auto pending = std::make_shared<Dispatch>(std::move(d));
      timer_.expires_after(std::chrono::milliseconds(pending->fault.latency_ms));
      timer_.async_wait([self = this->shared_from_this(), pending, keep_alive](beast::error_code) {
        self->send(std::move(pending->response), keep_alive, pending->fault);
      });
      return;
    }
    send(std::move(d.response), keep_alive, d.fault);
  }

  void send(ApiResponse response, bool keep_alive, FaultPlan fault) {
    if (fault.kind == FaultKind::kReset) {
      auto& socket = beast::get_lowest_layer(stream_).socket();
      beast::error_code ignored;
      socket.set_option(net::socket_base::linger(true, 0), ignored);
      socket.close(ignored);
      return;
    }
    head_ = serialize(response, keep_alive && fault.kind == FaultKind::kNone);
    body_ = std::move(response.body);
    keep_alive_ = keep_alive && fault.kind == FaultKind::kNone;
    if (fault.kind == FaultKind::kTruncated) body_.resize(body_.size() / 2);
    if (fault.kind == FaultKind::kSlowBody) {
      chunk_delay_ms_ = std::max(1, options_.faults.slow_body_ms / kSlowBodyChunks);
      write_bytes(head_, [self = this->shared_from_this()] { self->write_slow_chunk(0); });
      return;
    }
    head_ += body_;
    write_bytes(head_, [self = this->shared_from_this()] { self->after_answer(); });
  }

  template <typename Next>
  void write_bytes(const std::string& bytes, Next next) {
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::milliseconds(options_.read_timeout_ms));
    net::async_write(stream_, net::buffer(bytes),
                     [self = this->shared_from_this(), next](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       next();
                     });
  }

  void write_slow_chunk(std::size_t index) {
    const std::size_t chunk = (body_.size() + kSlowBodyChunks - 1) / kSlowBodyChunks;
    const std::size_t start = index * chunk;
    if (start >= body_.size()) return after_answer();
    timer_.expires_after(std::chrono::milliseconds(chunk_delay_ms_));
    timer_.async_wait([self = this->shared_from_this(), index, start, chunk](beast::error_code ec) {
      if (ec) return self->close();
      self->piece_ = self->body_.substr(start, chunk);
      self->write_bytes(self->piece_, [self, index] { self->write_slow_chunk(index + 1); });
    });
  }

  void after_answer() {
    if (keep_alive_) return read_request();
    close();
  }

  void close() {
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  Stream stream_;
  SandboxApp& app_;
  const SandboxOptions& options_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_, body_, piece_;
  bool keep_alive_ = false;
  int chunk_delay_ms_ = 1;
};

}  // namespace

struct HttpServer::Impl {
  Impl(SandboxApp& a, const SandboxOptions& o) : app(a), options(o), acceptor(ioc) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      } else if (tls) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
            beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *tls), app,
            options)
            ->start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), app,
                                                     options)
            ->start();
      }
      accept();
    });
  }

  SandboxApp& app;
  const SandboxOptions& options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::optional<net::ssl::context> tls;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(SandboxApp& app, const SandboxOptions& options, std::string certificate_pem,
                       std::string key_pem)
    : impl_(std::make_unique<Impl>(app, options)) {
  if (certificate_pem.empty()) return;
  impl_->tls.emplace(net::ssl::context::tls_server);
  impl_->tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                          net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                          net::ssl::context::no_tlsv1_1);
  impl_->tls->use_certificate_chain(net::buffer(certificate_pem));
  impl_->tls->use_private_key(net::buffer(key_pem), net::ssl::context::pem);
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::listen(std::string* error) {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.bind_address, ec);
  if (ec) {
    if (error) *error = "invalid bind address: " + impl_->options.bind_address;
    return false;
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    if (error)
      *error = "cannot listen on " + impl_->options.bind_address + ":" +
               std::to_string(impl_->options.port) + ": " + ec.message();
    return false;
  }
  return true;
}

std::uint16_t HttpServer::port() const {
  beast::error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpServer::run(int threads) {
  impl_->accept();
  for (int i = 0; i < std::max(1, threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::stop() {
  if (!impl_) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
}

}  // namespace sandbox
