// connector_call.hpp: the one path for a call into a connector's remote API.
//
// A call is: sign through the connector, send with the host's HTTP client, classify through the
// connector, and adopt what the connector produced into host-owned values. Token calls are the
// same with the connector's auth hooks: token_request, send, parse_token_response.
//
// Lifetime policy (the only one): every plugin output is held by a cnx::Owned made with
// loader::releaser_for(target.connector), which keeps the plugin's library mapped while the output
// lives; outputs are copied into host values and released before these functions return, so no
// result points into plugin memory.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <connector_abi/connector.hpp>

#include "engine/calls/rate_limiter.hpp"
#include "engine/calls/remote_call.hpp"
#include "http/http_client.hpp"
#include "loader/connector_loader.hpp"
#include "metrics/host_metrics.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// An opened connection of a loaded connector. `connector` keeps the library loaded; `connection`
// is borrowed from whoever opened it and must outlive the calls made through this target.
struct ConnectorTarget {
  std::shared_ptr<const loader::LoadedConnector> connector;
  const cnx_connection* connection = nullptr;
};

// A call that failed, with the verdict that says what to do next (REFRESH_TOKEN: refresh and call
// again; REAUTHORIZE: a person must authorize again; RETRY/RATE_LIMITED: try later; PERMANENT:
// e.g. a wrong app secret). The message never contains a secret.
class CallError : public std::runtime_error {
 public:
  CallError(cnx_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  cnx_status status() const { return status_; }

 private:
  cnx_status status_;
};

// Calls one function of the connector's table that fills an output, and adopts the output under
// the lifetime policy above; the cnx_error, if any, becomes the returned Status. `call` gets the
// table and the two out-pointers: [&](const cnx_connector_api& api, T** out, cnx_error** error)
// { return api.some_function(target.connection, ..., out, error); }.
template <typename T, typename Call>
cnx::Status call_for_output(const ConnectorTarget& target, cnx::Owned<T>& out, Call&& call) {
  const cnx_connector_api& api = target.connector->api();
  T* raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code = call(api, &raw, &error);
  out = cnx::adopt(raw, loader::releaser_for(target.connector));
  return cnx::Status::from_call(api, code, error);
}

// One request as the host knows it before signing. Everything is borrowed for the call.
struct CallParts {
  std::string_view endpoint;  // a catalog endpoint id; or empty, with method and url
  std::string_view method;    // with url: sign exactly this method and URL (connector-host sign)
  std::string_view url;
  const KeyValues* path_params = nullptr;
  const KeyValues* query = nullptr;  // decoded values
  std::string_view body;             // the exact bytes signed and sent
  std::string_view content_type;     // empty: the connector's default
  std::string_view access_token;     // secret
  std::string_view scope_credential;
  int64_t timestamp = 0;  // Unix seconds to sign with; 0: the connector's clock
  // Where call_connector counts the exchange (metrics/host_metrics.hpp); null: it resolves the
  // endpoint's series itself. A caller making several attempts resolves it once for all.
  const metrics::CallSeries* series = nullptr;
};

// The request the connector signed, ready for the HTTP client: method, URL and headers are host
// copies; `request.body` borrows CallParts::body (the ABI: the host sends the bytes it signed).
struct SignOutcome {
  cnx::Status status;
  http::Request request;  // meaningful when status.ok()
};

// Signs `parts` through the connector. A connector that reports OK without a request gets
// INTERNAL. THREADING: as the connector's sign_request (any thread).
SignOutcome sign_call(const ConnectorTarget& target, const CallParts& parts);

// The verdict for an exchange that failed before a whole response arrived: RETRY when another
// attempt may fare better (connect, reset, timeout, TLS), PERMANENT when it would fail the same
// way (a bad URL, a response over the client's limits, a refused plain-HTTP origin).
cnx_status verdict_for_transport(http::TransportError error);

// One exchange: signs `parts`, waits for a token from `pace` (when given), sends, classifies.
// The result's verdict is the first failure (signing, transport, classification) or else the
// connector's verdict on the response; its message names parts.endpoint and never a secret.
// Every exchange sent is counted with its verdict and duration (CallParts::series); a request
// that could not be signed was never sent and is not.
// Record spans the connector returns are checked against the body (INTERNAL when outside it).
// THREADING: any thread, as the HTTP client and the connector allow (both are thread-safe).
CallResult call_connector(const ConnectorTarget& target, http::Client& http, const CallParts& parts,
                          TokenBucket* pace = nullptr);

// Where a token exchange stopped.
enum class TokenStep {
  kBuild,  // the connector could not build the token request
  kSend,   // the exchange failed in transport (`transport` says how)
  kParse,  // the connector did not accept the response (status says why)
  kDone,   // `tokens` holds the new tokens
};

struct TokenOutcome {
  TokenStep step = TokenStep::kBuild;
  cnx::Status status;  // kBuild, kParse: the connector's word; kSend: RETRY or PERMANENT
  http::TransportError transport = http::TransportError::kNone;
  store::TokenSet tokens;
};

// One token exchange through the connector's auth hooks: token_request, send, parse. The request
// may carry the app secret and `credential`: it is sent, never logged or copied into a message.
TokenOutcome request_tokens(const ConnectorTarget& target, http::Client& http,
                            cnx_token_grant grant, std::string_view credential);

}  // namespace host::engine
