// client_connection.hpp: one client TCP or TLS connection and the exchanges sent over it.
//
// Internal to host_http: it includes Beast and Asio, so only http/*.cpp files include it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/http_client.hpp"
#include "http/parsed_url.hpp"

namespace host::http {

using Clock = std::chrono::steady_clock;
using OutgoingMessage = boost::beast::http::request<boost::beast::http::string_body>;

struct ExchangeLimits {
  size_t max_header_bytes = 0;
  size_t max_body_bytes = 0;
};

struct ExchangeOutcome {
  Response response;              // the response, or the transport error
  bool reusable = false;          // complete and kept alive by the server: may be pooled
  bool nothing_received = false;  // failed before any byte of a response arrived
};

// A connection owns its own io_context, so that whichever thread holds it can drive it to
// completion with no shared event loop. THREADING: one thread at a time (the pool hands a
// connection to one caller).
class ClientConnection {
 public:
  struct OpenResult {
    std::unique_ptr<ClientConnection> connection;  // null on failure
    TransportError error = TransportError::kNone;
    std::string message;  // names url.redacted only, never the query
  };

  // Resolves, connects and (for https) handshakes with verification, all before `deadline`.
  // `tls` is required for https URLs and must outlive the connection.
  // ERRORS: kResolve, kConnect (also on timeout), kTls (handshake, verification, timeout).
  // Host name resolution (getaddrinfo) cannot be interrupted: its time counts against the
  // deadline but a slow resolver can overrun it.
  static OpenResult open(const ParsedUrl& url, boost::asio::ssl::context* tls,
                         Clock::time_point deadline);

  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  // For an idle connection: false when the peer has closed it or sent something unasked (either
  // way it cannot carry a new exchange). A true answer can still lose the keep-alive race.
  bool looks_reusable();

  // Writes `request` and reads one final response (interim 1xx responses are skipped), all before
  // `deadline`. `redacted_url` prefixes error messages.
  ExchangeOutcome exchange(const OutgoingMessage& request, const ExchangeLimits& limits,
                           Clock::time_point deadline, const std::string& redacted_url);

 private:
  ClientConnection() = default;
  boost::beast::tcp_stream& tcp();
  void drive();  // runs the connection's io_context until the pending operation completes

  template <class Operation>
  void with_stream(Operation&& operation) {
    if (tls_) {
      operation(*tls_);
    } else {
      operation(*plain_);
    }
  }

  boost::asio::io_context io_{1};
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
};

}  // namespace host::http
