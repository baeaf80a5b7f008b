// client_connection.cpp: connect, handshake, write and read with deadlines, and the mapping from
// Asio/Beast/OpenSSL errors to TransportError.
#include "http/client_connection.hpp"

#include <poll.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdint>
#include <limits>

#include "http/beast_names.hpp"
#include "http/tls_context.hpp"

namespace host::http {

namespace {

constexpr size_t kReadChunkBytes = size_t{64} * 1024;

ExchangeOutcome failed(TransportError error, const std::string& redacted_url,
                       const std::string& what, bool nothing_received) {
  ExchangeOutcome outcome;
  outcome.response.error = error;
  outcome.response.error_message = redacted_url + ": " + what;
  outcome.nothing_received = nothing_received;
  return outcome;
}

// Why reading a response failed. `header_done`: the status line and headers were complete.
TransportError classify_read_error(const error_code& ec, bool header_done) {
  if (ec == beast::error::timeout) return TransportError::kTimeout;
  if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit ||
      ec == bhttp::error::buffer_overflow) {
    return TransportError::kTooLarge;
  }
  if (ec == bhttp::error::partial_message || ec == asio::ssl::error::stream_truncated) {
    return header_done ? TransportError::kTruncated : TransportError::kReset;
  }
  if (ec == bhttp::error::end_of_stream) return TransportError::kReset;
  if (&ec.category() == &bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return TransportError::kProtocol;
  }
  return TransportError::kReset;
}

std::string describe_read_error(TransportError error, const error_code& ec,
                                const ExchangeLimits& limits) {
  switch (error) {
    case TransportError::kTimeout:
      return "no complete response before the request timeout";
    case TransportError::kTooLarge:
      return ec == bhttp::error::body_limit
                 ? "response body over " + std::to_string(limits.max_body_bytes) + " bytes"
                 : "response headers over " + std::to_string(limits.max_header_bytes) + " bytes";
    case TransportError::kTruncated:
      return "response body ended before its declared length";
    case TransportError::kProtocol:
      return "invalid HTTP response: " + ec.message();
    default:
      return "connection closed by the peer: " + ec.message();
  }
}

}  // namespace

ClientConnection::~ClientConnection() {
  // Closing the socket is enough for a client: no close_notify wait that a dead peer could stall.
  error_code ignored;
  if (plain_ || tls_) tcp().socket().close(ignored);
}

beast::tcp_stream& ClientConnection::tcp() { return tls_ ? tls_->next_layer() : *plain_; }

void ClientConnection::drive() {
  io_.restart();
  io_.run();
}

ClientConnection::OpenResult ClientConnection::open(const ParsedUrl& url, asio::ssl::context* tls,
                                                    Clock::time_point deadline) {
  OpenResult result;
  auto fail = [&](TransportError error, const std::string& what) {
    result.connection.reset();
    result.error = error;
    result.message = url.redacted + ": " + what;
    return std::move(result);
  };
  if (url.tls && tls == nullptr) return fail(TransportError::kTls, "no TLS context");

  std::unique_ptr<ClientConnection> connection(new ClientConnection);
  asio::ip::tcp::resolver resolver(connection->io_);
  error_code ec;
  auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec) return fail(TransportError::kResolve, "cannot resolve the host: " + ec.message());
  if (Clock::now() >= deadline) {
    return fail(TransportError::kConnect, "connect timed out (host name resolution was slow)");
  }

  if (url.tls) {
    connection->tls_.emplace(connection->io_, *tls);
  } else {
    connection->plain_.emplace(connection->io_);
  }
  beast::tcp_stream& tcp = connection->tcp();
  tcp.expires_at(deadline);
  tcp.async_connect(endpoints, [&](const error_code& e, const auto&) { ec = e; });
  connection->drive();
  if (ec == beast::error::timeout) return fail(TransportError::kConnect, "connect timed out");
  if (ec) return fail(TransportError::kConnect, "connect failed: " + ec.message());
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);  // small requests go out now

  if (url.tls) {
    std::string error;
    if (!prepare_client_tls_session(connection->tls_->native_handle(), url.host, &error)) {
      return fail(TransportError::kTls, error);
    }
    connection->tls_->async_handshake(asio::ssl::stream_base::client,
                                      [&](const error_code& e) { ec = e; });
    connection->drive();
    if (ec == beast::error::timeout) {
      return fail(TransportError::kTls, "TLS handshake timed out");
    }
    if (ec) {
      return fail(TransportError::kTls,
                  "TLS handshake failed: " +
                      describe_handshake_failure(connection->tls_->native_handle(), ec));
    }
  }
  tcp.expires_never();
  result.connection = std::move(connection);
  return result;
}

bool ClientConnection::looks_reusable() {
  if (!tcp().socket().is_open()) return false;
  pollfd descriptor{};
  descriptor.fd = tcp().socket().native_handle();
  descriptor.events = POLLIN | POLLRDHUP;
  return ::poll(&descriptor, 1, 0) == 0;
}

ExchangeOutcome ClientConnection::exchange(const OutgoingMessage& request,
                                           const ExchangeLimits& limits, Clock::time_point deadline,
                                           const std::string& redacted_url) {
  error_code ec;
  tcp().expires_at(deadline);
  with_stream([&](auto& stream) {
    bhttp::async_write(stream, request, [&](const error_code& e, size_t) { ec = e; });
  });
  drive();
  if (ec == beast::error::timeout) {
    return failed(TransportError::kTimeout, redacted_url,
                  "request not sent before the request timeout", true);
  }
  if (ec) {
    return failed(TransportError::kReset, redacted_url,
                  "connection closed while sending: " + ec.message(), true);
  }

  const bool head = request.method() == bhttp::verb::head;
  beast::flat_buffer buffer;
  // Beast reads into whatever room the buffer has beyond 512 bytes, and the parser keeps handing
  // body bytes on to the message, so an unreserved buffer turns a 70 KB page into ~140 receive
  // calls, each with its own timer and poll. Reserving a receive-window's worth makes it 2.
  buffer.reserve(kReadChunkBytes);
  bool received_any = false;
  for (;;) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(static_cast<std::uint64_t>(limits.max_body_bytes));
    parser.skip(head);
    with_stream([&](auto& stream) {
      bhttp::async_read(stream, buffer, parser, [&](const error_code& e, size_t) { ec = e; });
    });
    drive();
    received_any = received_any || parser.got_some() || buffer.size() > 0;
    if (ec) {
      const TransportError error = classify_read_error(ec, parser.is_header_done());
      return failed(error, redacted_url, describe_read_error(error, ec, limits), !received_any);
    }
    const int status = static_cast<int>(parser.get().result_int());
    if (status / 100 == 1 && status != 101) continue;  // interim (e.g. 100 Continue): read on

    tcp().expires_never();
    ExchangeOutcome outcome;
    outcome.reusable = parser.get().keep_alive() && !parser.need_eof() && buffer.size() == 0;
    bhttp::response<bhttp::string_body> message = parser.release();
    outcome.response.status = status;
    outcome.response.headers.reserve(
        static_cast<size_t>(std::distance(message.begin(), message.end())));
    for (const auto& field : message) {
      outcome.response.headers.push_back(
          Header{std::string(field.name_string()), std::string(field.value())});
    }
    outcome.response.body = std::move(message.body());
    return outcome;
  }
}

}  // namespace host::http
