// request_signer.hpp: TikTok Shop's request signature (API 202309 and later, and legacy /api/).
//
// The rule (shared/docs/tiktok-shop-api.md):
//   1. every query parameter except sign and access_token, with decoded values;
//   2. sorted by key, byte-wise; 3. concatenated as {key}{value};
//   4. the request path prepended; 5. the body bytes appended unless the media type is
//   multipart/form-data (legacy /api/ paths: never); 6. wrapped in the app secret;
//   7. sign = lowercase hex HMAC-SHA256(app secret, that string).
//
// Choices this connector makes (and documents in connection_describe):
//   - Empty-valued parameters are dropped: not sent, not signed.
//   - A key given twice is INVALID_INPUT: TikTok reads the query as a map, so a repeated key would
//     be signed one way and read another. Lists travel as one comma-joined value (ids=a,b).
//   - Query parameters the connector owns, when a caller passes them anyway (e.g. a URL copied
//     from a log): sign is dropped and recomputed; app_key must equal the connection's;
//     timestamp, shop_cipher and access_token are adopted when the request's own field is empty
//     and must agree with it otherwise.
//   - The shop credential is added where the endpoint takes one; silently left out where TikTok
//     forbids it; a shop-scoped catalog endpoint without one is INVALID_INPUT.
//   - The access token goes in x-tts-access-token (legacy: access_token in the query, unsigned).
//   - content-type: the caller's (content_type field, else a Content-Type header) or the
//     endpoint's default, application/json, on every non-multipart request, GET included.
#pragma once

#include <connector_abi/connector_abi.h>

#include <span>
#include <string_view>

#include "connection.hpp"
#include "request_target.hpp"
#include "result.hpp"

namespace tts {

// A signed request. OWNERSHIP: views into the request, the connection, static data and this
// thread's scratch buffers: valid until the next sign_request call on the same thread.
struct SignedRequestView {
  std::string_view method;
  std::string_view url;
  std::span<const cnx_kv> headers;
};

// Signs `request` for `connection`. THREADING: any thread; uses thread-local scratch.
// ERRORS: INVALID_INPUT (see request_target.hpp, plus duplicate keys, a missing shop credential,
// a conflicting owned parameter, a multipart endpoint without its content type); INTERNAL when
// OpenSSL fails.
Result<SignedRequestView> sign_request(const Connection& connection, const cnx_request& request);

// The signature core, shared by sign_request and the tests of the public vectors: writes the
// lowercase hex HMAC-SHA256 (keyed with `secret` via `key`) of
// secret + path + {key}{value}... + signed_body + secret. REQUIRES: `params` already filtered and
// sorted; `key` keyed with `secret`. `pieces` is scratch. Returns false when OpenSSL fails.
bool compute_signature(const HmacSha256Key& key, std::string_view secret, std::string_view path,
                       std::span<const QueryParam> params, std::string_view signed_body,
                       std::vector<std::string_view>& pieces, char (&hex)[64]);

// True when the media type of `content_type` (parameters ignored, case-insensitive) is
// multipart/form-data.
bool is_multipart_form_data(std::string_view content_type);

}  // namespace tts
