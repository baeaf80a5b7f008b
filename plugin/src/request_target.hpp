// request_target.hpp: where a request goes, before it is signed.
//
// A cnx_request names either a catalog endpoint (with path params) or a URL. Both resolve to the
// same thing: a method, an origin, the exact path that is sent (and signed), the query parameters
// the URL carried (decoded), and the rule for the shop credential.
#pragma once

#include <connector_abi/connector_abi.h>

#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "connection.hpp"
#include "result.hpp"

namespace tts {

struct QueryParam {
  std::string_view key;
  std::string_view value;  // decoded
};

// Per-thread buffers reused by every signature on a thread, so the hot path allocates only when
// a request is bigger than any before it.
struct SignScratch {
  std::string method;
  std::string path;
  std::string decoded;  // decoded URL query bytes; reserved up front so views stay valid
  std::vector<QueryParam> params;
  std::vector<std::string_view> pieces;
  std::vector<cnx_kv> headers;
  std::string url;
  char timestamp[24] = {};
};

struct RequestTarget {
  std::string_view method;  // uppercase
  std::string_view origin;  // "https://host[:port]"
  std::string_view path;    // as sent and signed (percent-encoded where needed)
  // Endpoint mode: the endpoint's rule. URL mode: kForbidden when the catalog endpoint whose
  // method and path template match takes no cipher, else kOptional (sent when the caller gives it).
  ScopeRule scope = ScopeRule::kOptional;
  bool legacy = false;  // a retired /api/... path: body never signed
  std::string_view default_content_type = "application/json";
  const EndpointSpec* endpoint = nullptr;  // null in URL mode
};

// Resolves `request` into a target; the URL's query parameters (if any) are appended, decoded, to
// scratch.params. Views point into `request`, the connection, the catalog or `scratch`.
// ERRORS: INVALID_INPUT for an unknown endpoint, a missing or unknown path param, a method that
// contradicts the catalog, a malformed url, both or neither of endpoint and url.
Result<RequestTarget> resolve_request_target(const Connection& connection,
                                             const cnx_request& request, SignScratch& scratch);

}  // namespace tts
