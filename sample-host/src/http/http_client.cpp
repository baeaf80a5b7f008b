// http_client.cpp: Client::send: URL -> request message -> pooled or fresh connection -> response,
// with the one retry the keep-alive race allows.
#include "http/http_client.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <mutex>
#include <optional>
#include <set>

#include "http/beast_names.hpp"
#include "http/client_connection.hpp"
#include "http/connection_pool.hpp"
#include "http/field_syntax.hpp"
#include "http/parsed_url.hpp"
#include "http/plain_http_policy.hpp"
#include "http/tls_context.hpp"
#include "log/log_sink.hpp"

namespace host::http {

namespace {

Response failure(TransportError error, std::string message) {
  Response response;
  response.error = error;
  response.error_message = std::move(message);
  return response;
}

bool method_carries_body(bhttp::verb verb) {
  return verb == bhttp::verb::post || verb == bhttp::verb::put || verb == bhttp::verb::patch;
}

}  // namespace

struct Client::Impl {
  explicit Impl(ClientOptions client_options)
      : options(std::move(client_options)), pool(options.max_idle_per_origin) {}

  Response send(const Request& request);

  // Refuses plain HTTP to a remote host without the opt-in; with it, warns once per origin.
  std::optional<Response> check_plain_http(const ParsedUrl& url) {
    if (!is_plain_http_to_remote(url)) return std::nullopt;
    if (!options.allow_plain_http) {
      return failure(TransportError::kPlainHttpRefused,
                     url.redacted +
                         ": plain http:// to a host other than loopback is refused, because the "
                         "request carries credentials in clear; use https:// (or allow plain "
                         "HTTP for this connection explicitly)");
    }
    std::lock_guard lock(warned_mutex);
    if (warned_origins.insert(url.origin).second) {
      log::warn("http", "sending plain http:// to " + url.origin +
                            " as allowed: its credentials and data cross the network unencrypted");
    }
    return std::nullopt;
  }

  // The TLS context, built on the first https request: loading the system's CA store costs
  // tens of milliseconds that a client speaking only plain HTTP (a local sandbox) never needs.
  // Null, with tls_error set, when it could not be built. THREADING: any thread.
  boost::asio::ssl::context* client_tls_context() {
    std::call_once(tls_once, [this] {
      TlsContextResult made = make_client_tls_context(options.ca_file);
      client_tls = std::move(made.context);
      tls_error = std::move(made.error);
    });
    return client_tls.get();
  }

  ClientOptions options;
  std::once_flag tls_once;
  std::unique_ptr<boost::asio::ssl::context> client_tls;
  std::string tls_error;
  ConnectionPool pool;
  std::mutex warned_mutex;
  std::set<std::string> warned_origins;
};

Response Client::Impl::send(const Request& request) {
  UrlParseResult parsed = parse_url(request.url);
  if (!parsed.ok) return failure(TransportError::kBadUrl, "bad URL: " + parsed.error);
  const ParsedUrl& url = parsed.url;
  if (auto refused = check_plain_http(url)) return std::move(*refused);
  boost::asio::ssl::context* tls_context = url.tls ? client_tls_context() : nullptr;
  if (url.tls && !tls_context)
    return failure(TransportError::kTls, url.redacted + ": " + tls_error);
  if (!is_http_token(request.method)) {
    return failure(TransportError::kProtocol, url.redacted + ": invalid request method");
  }

  OutgoingMessage message;
  message.method_string(request.method);
  message.target(url.target);
  message.version(11);
  message.set(bhttp::field::host, url.host_header);
  message.set(bhttp::field::user_agent, options.user_agent);
  for (const Header& header : request.headers) {
    if (!is_http_token(header.name) || !is_safe_field_value(header.value)) {
      return failure(TransportError::kProtocol, url.redacted + ": invalid request header");
    }
    const bhttp::field known = bhttp::string_to_field(header.name);
    if (known == bhttp::field::host || known == bhttp::field::user_agent) {
      message.set(known, header.value);  // the caller's value replaces the default
    } else if (known != bhttp::field::content_length &&
               known != bhttp::field::transfer_encoding) {  // framing is ours to set
      message.insert(header.name, header.value);
    }
  }
  message.body().assign(request.body.data(), request.body.size());
  if (!request.body.empty() || method_carries_body(message.method())) {
    message.content_length(request.body.size());
  }
  const bool caller_closes = !message.keep_alive();

  const ExchangeLimits limits{options.max_header_bytes, options.max_body_bytes};
  for (int attempt = 0;; ++attempt) {
    // The retry always opens a fresh connection: another idle one may be just as stale.
    std::unique_ptr<ClientConnection> connection = attempt == 0 ? pool.take(url.origin) : nullptr;
    const bool reused = connection != nullptr;
    if (!connection) {
      ClientConnection::OpenResult opened =
          ClientConnection::open(url, tls_context, Clock::now() + options.connect_timeout);
      if (!opened.connection) return failure(opened.error, std::move(opened.message));
      connection = std::move(opened.connection);
    }
    ExchangeOutcome outcome =
        connection->exchange(message, limits, Clock::now() + options.request_timeout, url.redacted);
    if (outcome.response.ok()) {
      if (outcome.reusable && !caller_closes) pool.give(url.origin, std::move(connection));
      return std::move(outcome.response);
    }
    // The keep-alive race: the server closed the idle connection as we reused it. Nothing of a
    // response arrived, so the request was not answered; one fresh attempt is safe to make.
    const bool keep_alive_race =
        reused && outcome.nothing_received && outcome.response.error == TransportError::kReset;
    if (!keep_alive_race) return std::move(outcome.response);
  }
}

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Client::~Client() = default;

Response Client::send(const Request& request) {
  try {
    return impl_->send(request);
  } catch (const std::exception& e) {
    // Asio/Beast report failures as error codes here; what is left is resource exhaustion.
    return failure(TransportError::kProtocol, std::string("internal error: ") + e.what());
  }
}

}  // namespace host::http
