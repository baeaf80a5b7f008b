// request_verifier.cpp: signature, timestamp, token and shop checks.
#include "request_verifier.hpp"

#include <algorithm>
#include <charconv>

#include "query_string.hpp"
#include "request_signature.hpp"

namespace sandbox {
namespace {

constexpr std::int64_t kTimestampPast = 5 * 60;
constexpr std::int64_t kTimestampFuture = 30;

// 401 for caller identity problems, like TikTok's gateway.
ApiResponse unauthorized(std::int64_t code, std::string_view message) {
  return failure(401, code, message);
}

std::optional<ApiResponse> check_timestamp(const std::string* text, std::int64_t now) {
  if (!text || text->size() != 10 ||
      !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }))
    return unauthorized(codes::kInvalidParameter, "Invalid timestamp: 10-digit unix seconds");
  std::int64_t ts = 0;
  std::from_chars(text->data(), text->data() + text->size(), ts);
  if (ts < now - kTimestampPast || ts > now + kTimestampFuture)
    return unauthorized(codes::kInvalidParameter, "Timestamp is expired or in the future");
  return std::nullopt;
}

std::optional<ApiResponse> check_content_type(const ApiRequest& request, BodyKind kind) {
  const std::string type = media_type(request.content_type);
  if (kind == BodyKind::kMultipart) {
    if (type != "multipart/form-data")
      return failure(400, codes::kWrongContentType, "Content-Type must be multipart/form-data");
  } else if (type != "application/json") {
    return failure(400, codes::kWrongContentType, "Content-Type must be application/json");
  }
  return std::nullopt;
}

}  // namespace

std::variant<VerifiedCaller, ApiResponse> verify_signed_request(const ApiRequest& request,
                                                                const Route& route,
                                                                SandboxState& state,
                                                                std::int64_t now) {
  const auto& opts = state.options;
  const std::string* app_key = request.query_value("app_key");
  if (!app_key || *app_key != opts.app_key)
    return unauthorized(codes::kInvalidParameter, "Invalid app_key");
  const std::string* sign = request.query_value("sign");
  if (!sign || sign->empty()) return unauthorized(codes::kInvalidParameter, "Missing sign");
  if (auto error = check_timestamp(request.query_value("timestamp"), now)) return *error;
  const std::string canonical =
      canonical_string(request.path, request.query, request.content_type, request.body);
  if (!constant_time_equal(*sign, expected_sign(opts.app_secret, canonical)))
    return unauthorized(codes::kInvalidSign, "Invalid sign");
  if (auto error = check_content_type(request, route.body)) return *error;

  VerifiedCaller caller;
  if (request.access_token.empty())
    return unauthorized(codes::kInvalidParameter, "Missing access token (x-tts-access-token)");
  switch (state.tokens.check_access(request.access_token, now, &caller.grant)) {
    case TokenRegistry::AccessState::kUnknown:
      return unauthorized(codes::kInvalidParameter, "Invalid access token");
    case TokenRegistry::AccessState::kExpired:
      return unauthorized(codes::kAccessTokenExpired, "Access token is expired");
    case TokenRegistry::AccessState::kValid:
      break;
  }

  const std::string* cipher = request.query_value("shop_cipher");
  // Each route declares whether it takes a shop_cipher; messages are the common-errors page's.
  if (route.scope == ShopScope::kForbidden) {
    if (cipher)
      return failure(400, codes::kInvalidParameter,
                     "Unexpected identifier. The shop_cipher query parameter is not required for "
                     "this request (unexpected shop_cipher).");
    return caller;
  }
  if (!cipher || cipher->empty())
    return failure(400, codes::kShopCipherRequired,
                   "Missing identifier. The shop_cipher query parameter is required to identify "
                   "the target shop.");
  caller.shop = state.shop_by_cipher(*cipher);
  if (!caller.shop) return failure(400, codes::kInvalidParameter, "Invalid shop_cipher");
  const auto& covered = caller.grant->shop_ids;
  if (std::find(covered.begin(), covered.end(), caller.shop->info.id) == covered.end() ||
      caller.shop->deauthorized)
    return failure(403, codes::kTokenShopMismatch,
                   "The access token does not match the shop (shop_cipher)");
  return caller;
}

}  // namespace sandbox
