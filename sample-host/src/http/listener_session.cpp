// listener_session.cpp: one server connection: (TLS handshake), then read a whole request within
// the read timeout, run the handler, write the response, and again while kept alive.
//
// Every phase has a deadline. Limits and malformed input get a status (431, 413, 400, 408, 417)
// and then a lingering close: the send side is shut, the rest of the peer's request is read and
// dropped until it stops or the deadline passes, so the peer reads our answer instead of a reset.
//
// The head is read first and the body only after it: a request with "Expect: 100-continue" gets
// "100 Continue" once its head is accepted (a declared length over the body limit is answered 413
// at the head, so the peer never sends the body); any other expectation gets 417. Connections
// over ListenerOptions::max_connections are turned away at accept (RefuseConnection).
#include "http/listener_session.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "http/beast_names.hpp"
#include "http/field_syntax.hpp"
#include "log/log_sink.hpp"

namespace host::http {

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using ResponseMessage = bhttp::response<bhttp::string_body>;

constexpr std::string_view kLogComponent = "http";
constexpr std::string_view kContinueLine = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kBusy =
    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
    "Content-Length: 0\r\n\r\n";

// What an Expect header asks for.
enum class Expectation { kNone, kContinue, kUnknown };

Expectation expectation_of(const bhttp::request<bhttp::string_body>& head) {
  const auto found = head.find(bhttp::field::expect);
  // RFC 9110 10.1.1: an HTTP/1.0 request's Expect is ignored.
  if (found == head.end() || head.version() < 11) return Expectation::kNone;
  std::string_view value = found->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return beast::iequals(value, "100-continue") ? Expectation::kContinue : Expectation::kUnknown;
}

std::string describe_peer(const asio::ip::tcp::socket& socket) {
  error_code ec;
  const asio::ip::tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const std::string address = peer.address().to_string();
  const std::string host = peer.address().is_v6() ? "[" + address + "]" : address;
  return host + ":" + std::to_string(peer.port());
}

bool is_parse_error(const error_code& ec) {
  return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_version).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// The handler's answer as a wire message; a handler-made answer that cannot be sent safely
// (status out of range, header that could inject lines) becomes a 500.
ResponseMessage build_response(const OutgoingResponse& out, unsigned version, bool head,
                               bool* keep_alive) {
  ResponseMessage message;
  message.version(version);
  bool valid = out.status >= 100 && out.status <= 599;
  for (const Header& header : out.headers) {
    valid = valid && is_http_token(header.name) && is_safe_field_value(header.value);
  }
  if (!valid) {
    message.result(bhttp::status::internal_server_error);
  } else {
    message.result(static_cast<unsigned>(out.status));
    for (const Header& header : out.headers) {
      const bhttp::field known = bhttp::string_to_field(header.name);
      if (known == bhttp::field::content_length || known == bhttp::field::transfer_encoding) {
        continue;  // framing is ours to set
      }
      if (known == bhttp::field::connection && header.value.find("close") != std::string::npos) {
        *keep_alive = false;
        continue;
      }
      message.insert(header.name, header.value);
    }
    message.body() = out.body;
  }
  message.keep_alive(*keep_alive);
  message.prepare_payload();
  if (head) message.body().clear();  // HEAD: the length of what GET would send, no bytes
  return message;
}

ResponseMessage error_response(bhttp::status status, unsigned version) {
  ResponseMessage message{status, version};
  message.keep_alive(false);
  message.prepare_payload();
  return message;
}

template <class Stream>
class Session : public ListenerSession, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(Stream stream, std::shared_ptr<ListenerState> state, std::string remote)
      : stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        state_(std::move(state)),
        remote_(std::move(remote)) {}

  ~Session() override {
    std::lock_guard lock(state_->mutex);
    state_->sessions.erase(this);
  }

  void start() {
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      arm(state_->options.read_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](const error_code& ec) {
                                self->disarm();
                                if (ec || self->phase_ == Phase::kClosed) return self->close();
                                self->read_request();
                              });
    } else {
      read_request();
    }
  }

  void stop() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->phase_ != Phase::kResponding) self->close();
    });
  }

 private:
  enum class Phase { kHandshake, kReading, kResponding, kDraining, kClosed };
  enum class After { kKeepAlive, kClose, kLingeringClose };

  beast::tcp_stream& tcp() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  // Deadlines: one timer, re-armed per phase; a generation number makes a stale expiry harmless.
  void arm(std::chrono::milliseconds timeout) {
    const uint64_t generation = ++generation_;
    timer_.expires_after(timeout);
    timer_.async_wait([self = this->shared_from_this(), generation](const error_code& ec) {
      if (!ec && generation == self->generation_) self->on_deadline();
    });
  }

  void disarm() {
    ++generation_;
    timer_.cancel();
  }

  void on_deadline() {
    if (phase_ == Phase::kReading) {
      // Stop reading but keep the send side: the read completes (EOF) and can answer 408.
      timed_out_ = true;
      error_code ignored;
      tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_receive, ignored);
      return;
    }
    close();
  }

  void read_request() {
    if (state_->stopping) return close();
    phase_ = Phase::kReading;
    timed_out_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<size_t>(
        state_->options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(static_cast<std::uint64_t>(state_->options.max_body_bytes));
    // One deadline for the whole request, head and body (and a 100 Continue between them).
    arm(state_->options.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](const error_code& ec, size_t) { self->on_head(ec); });
  }

  // The head is in and within its limits (a declared body over the limit already failed with
  // body_limit here, before any body byte is read or invited).
  void on_head(const error_code& ec) {
    if (ec || phase_ == Phase::kClosed || timed_out_ || parser_->is_done()) return on_read(ec);
    switch (expectation_of(parser_->get())) {
      case Expectation::kUnknown:
        disarm();
        return reply(error_response(bhttp::status::expectation_failed, parser_->get().version()),
                     After::kLingeringClose);
      case Expectation::kContinue:
        return asio::async_write(
            stream_, asio::buffer(kContinueLine.data(), kContinueLine.size()),
            [self = this->shared_from_this()](const error_code& write_error, size_t) {
              if (write_error || self->phase_ == Phase::kClosed) return self->close();
              self->read_body();
            });
      case Expectation::kNone:
        return read_body();
    }
  }

  void read_body() {
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](const error_code& ec, size_t) { self->on_read(ec); });
  }

  void on_read(const error_code& ec) {
    disarm();
    if (phase_ == Phase::kClosed) return;
    const bool started = parser_->got_some() || buffer_.size() > 0;
    const unsigned version = parser_->is_header_done() ? parser_->get().version() : 11;
    if (timed_out_) {
      if (!started) return close();  // an idle kept-alive connection: close quietly
      return reply(error_response(bhttp::status::request_timeout, version), After::kClose);
    }
    if (ec == bhttp::error::header_limit) {
      return reply(error_response(bhttp::status::request_header_fields_too_large, version),
                   After::kLingeringClose);
    }
    if (ec == bhttp::error::body_limit) {
      return reply(error_response(bhttp::status::payload_too_large, version),
                   After::kLingeringClose);
    }
    if (is_parse_error(ec)) {
      return reply(error_response(bhttp::status::bad_request, version), After::kLingeringClose);
    }
    if (ec) return close();  // the peer left (EOF, reset) or the listener stops
    respond();
  }

  void respond() {
    phase_ = Phase::kResponding;
    bhttp::request<bhttp::string_body> request = parser_->release();
    IncomingRequest incoming;
    incoming.method = std::string(request.method_string());
    incoming.target = std::string(request.target());
    for (const auto& field : request) {
      incoming.headers.push_back(
          Header{std::string(field.name_string()), std::string(field.value())});
    }
    incoming.body = std::move(request.body());
    incoming.remote = remote_;

    OutgoingResponse out;
    try {
      out = state_->handler(incoming);
    } catch (...) {
      out = OutgoingResponse{500, {}, {}};  // no detail leaves the process
    }
    bool keep_alive = request.keep_alive() && !state_->stopping;
    ResponseMessage message =
        build_response(out, request.version(), request.method() == bhttp::verb::head, &keep_alive);
    reply(std::move(message), keep_alive ? After::kKeepAlive : After::kClose);
  }

  void reply(ResponseMessage message, After after) {
    phase_ = Phase::kResponding;
    response_ = std::move(message);
    arm(state_->options.read_timeout);
    bhttp::async_write(stream_, response_,
                       [self = this->shared_from_this(), after](const error_code& ec, size_t) {
                         self->disarm();
                         if (ec || self->phase_ == Phase::kClosed) return self->close();
                         switch (after) {
                           case After::kKeepAlive:
                             return self->read_request();
                           case After::kClose:
                             return self->close();
                           case After::kLingeringClose:
                             return self->linger();
                         }
                       });
  }

  void linger() {
    if (state_->stopping) return close();
    phase_ = Phase::kDraining;
    error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    arm(state_->options.read_timeout);
    drain_some();
  }

  void drain_some() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = this->shared_from_this()](const error_code& ec, size_t) {
                              if (ec || self->phase_ != Phase::kDraining) return self->close();
                              self->drain_some();
                            });
  }

  void close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    disarm();
    error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
  }

  Stream stream_;
  asio::steady_timer timer_;
  std::shared_ptr<ListenerState> state_;
  std::string remote_;
  Phase phase_ = Phase::kReading;
  uint64_t generation_ = 0;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  ResponseMessage response_;
  std::array<char, 4096> drain_{};
};

// Over the connection cap: one warning line per second at most (counting the refusals it stands
// for; written before the peer hears anything). Then a plain-HTTP peer gets a 503 it can read (a
// few bytes written without waiting into the fresh socket's empty send buffer; a TLS peer is just
// closed, as it expects a handshake), what it already sent is dropped so that close() does not
// become a reset that could destroy the 503, and the socket is closed. Nothing is kept for it: no
// session, timer or buffer.
void refuse_connection(asio::ip::tcp::socket socket, bool tls, ListenerState& state,
                       const std::string& remote, size_t open) {
  const auto now = std::chrono::steady_clock::now();
  size_t refused = 0;
  {
    std::lock_guard lock(state.mutex);
    ++state.refused_since_log;
    if (now - state.last_refusal_log >= std::chrono::seconds(1)) {
      state.last_refusal_log = now;
      refused = std::exchange(state.refused_since_log, 0);
    }
  }
  if (refused > 0) {
    std::string line = "refused a connection from " + remote + ": " + std::to_string(open) +
                       " connections open, the limit is " +
                       std::to_string(state.options.max_connections);
    if (refused > 1) line += " (" + std::to_string(refused) + " refused since the last such line)";
    host::log::warn(kLogComponent, line);
  }

  error_code ignored;
  socket.non_blocking(true, ignored);
  if (!tls) socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ignored);
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  std::array<char, 4096> dropped{};
  for (int i = 0; i < 16; ++i) {  // non-blocking: ends at would_block; bounded against a flood
    error_code read_error;
    socket.read_some(asio::buffer(dropped), read_error);
    if (read_error) break;
  }
  socket.close(ignored);
}

template <class Stream>
void register_session(std::shared_ptr<Session<Stream>> session,
                      const std::shared_ptr<ListenerState>& state) {
  {
    std::lock_guard lock(state->mutex);
    if (state->stopping) return;  // the session's destructor closes the socket
    state->sessions.emplace(session.get(), session);
  }
  session->start();
}

}  // namespace

void start_listener_session(asio::ip::tcp::socket socket, asio::ssl::context* tls,
                            const std::shared_ptr<ListenerState>& state) {
  std::string remote = describe_peer(socket);
  size_t open = 0;
  {
    std::lock_guard lock(state->mutex);
    open = state->sessions.size();
  }
  // Accepts run one at a time (the acceptor's strand) and only they add sessions, so the count
  // cannot grow between this check and register_session.
  if (open >= state->options.max_connections) {
    return refuse_connection(std::move(socket), tls != nullptr, *state, remote, open);
  }
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (tls != nullptr) {
    register_session(std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *tls), state,
                                                          std::move(remote)),
                     state);
  } else {
    register_session(std::make_shared<Session<beast::tcp_stream>>(
                         beast::tcp_stream(std::move(socket)), state, std::move(remote)),
                     state);
  }
}

}  // namespace host::http
