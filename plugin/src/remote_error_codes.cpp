#include "remote_error_codes.hpp"

#include <charconv>
#include <string>

#include "ascii_text.hpp"
#include "kv_lookup.hpp"

namespace tts {

namespace {

// 36009004's message names the bad identifier; TikTok words the token case "invalid access
// token" or "access_token is invalid" (and "expired"), so look for the token and a failure word.
bool mentions_invalid_access_token(std::string_view message) {
  std::string lowered(message);
  for (char& c : lowered) c = to_lower_ascii(c);
  const bool token = lowered.find("access token") != std::string::npos ||
                     lowered.find("access_token") != std::string::npos;
  const bool bad =
      lowered.find("invalid") != std::string::npos || lowered.find("expired") != std::string::npos;
  return token && bad;
}

}  // namespace

RemoteVerdict verdict_for_remote_code(int64_t code, int32_t http_status,
                                      std::string_view remote_message) {
  switch (code) {
    case 105002:
      return {CNX_STATUS_REFRESH_TOKEN, "the access token expired: refresh it and retry once"};
    case 105005:
      return {CNX_STATUS_REAUTHORIZE,
              "the app is not granted the scope (API package) this call needs: add the scope to "
              "the app and have the seller re-authorize it"};
    case 36004001:
      return {CNX_STATUS_REAUTHORIZE, "the refresh token expired: the seller must re-authorize"};
    case 36004005:
      return {CNX_STATUS_REAUTHORIZE,
              "TikTok has no authorization record for this code or token: the seller must "
              "re-authorize"};
    case 36004004:
      return {CNX_STATUS_REAUTHORIZE,
              "the authorization code is invalid or used (codes are single-use and live 30 "
              "minutes): the seller must authorize again"};
    case 106001:
      return {CNX_STATUS_PERMANENT,
              "invalid signature: check that the app secret matches the app key and that the body "
              "is sent exactly as signed"};
    case 106013:
      return {CNX_STATUS_PERMANENT, "this call is shop-scoped and needs the shop_cipher"};
    case 101000:
      return {
          CNX_STATUS_PERMANENT,
          "the access token does not belong to this shop, or the user type cannot call this API"};
    case 36009002:
      return {CNX_STATUS_RATE_LIMITED, "too many requests: back off and retry"};
    case 36009003:
      return {CNX_STATUS_RETRY, "TikTok reported an internal error: retry later"};
    case 36009007:
      return {CNX_STATUS_RETRY, "TikTok timed out: retry later"};
    case 36009004:
      if (mentions_invalid_access_token(remote_message)) {
        return {CNX_STATUS_REFRESH_TOKEN,
                "the access token is invalid: refresh it and retry once; if the refresh fails too, "
                "the seller must re-authorize"};
      }
      return {CNX_STATUS_PERMANENT,
              "a request identifier is wrong (missing sign, bad app key, stale timestamp, "
              "unexpected shop_cipher or a bad version): fix the configuration"};
    case 36009009:
      return {CNX_STATUS_PERMANENT,
              "invalid path: the endpoint does not exist at this version (a retired endpoint or a "
              "connector bug)"};
    case 36009010:
      return {CNX_STATUS_PERMANENT,
              "invalid HTTP method for this path (a connector bug or a retired endpoint)"};
    case 36009014:
      return {CNX_STATUS_PERMANENT,
              "invalid API version: set the endpoint's version in endpoint_versions"};
    case 36009022:
    case 36009023:
      return {CNX_STATUS_PERMANENT, "wrong content type for this API (a connector or host bug)"};
    case 36009033:
      return {CNX_STATUS_PERMANENT, "the caller's IP address is not on the app's allow-list"};
    case 21008106:
      return {CNX_STATUS_PERMANENT,
              "this API is not available for the shop's region or business type"};
    default:
      break;
  }
  if (http_status == 429) return {CNX_STATUS_RATE_LIMITED, "too many requests: back off and retry"};
  if (http_status >= 500 && http_status <= 599) {
    return {CNX_STATUS_RETRY, "TikTok is overloaded or failing: retry later"};
  }
  return {CNX_STATUS_PERMANENT, "TikTok refused the request"};
}

RemoteVerdict verdict_for_unreadable_body(int32_t http_status) {
  if (http_status == 429) return {CNX_STATUS_RATE_LIMITED, "too many requests: back off and retry"};
  if (http_status >= 400 && http_status <= 499 && http_status != 408) {
    return {CNX_STATUS_PERMANENT, "TikTok refused the request and its answer is unreadable"};
  }
  if (http_status == 0) return {CNX_STATUS_RETRY, "no response arrived: retry later"};
  return {CNX_STATUS_RETRY, "the response is truncated or not a TikTok envelope: retry later"};
}

std::string describe_remote_failure(const RemoteVerdict& verdict, int64_t code,
                                    std::string_view remote_message) {
  std::string text(verdict.advice);
  if (!text.empty())
    text[0] = static_cast<char>(text[0] >= 'a' && text[0] <= 'z' ? text[0] - 32 : text[0]);
  text += " (TikTok code " + std::to_string(code);
  if (!remote_message.empty()) text.append(": ").append(remote_message);
  text += ").";
  return text;
}

int64_t retry_after_ms(const cnx_kv* headers, size_t header_count) {
  const cnx_str* header = find_header(headers, header_count, "retry-after");
  if (header == nullptr) return 0;
  const std::string_view value = trim_spaces(view(*header));
  constexpr int64_t kMaxSeconds = int64_t{7} * 24 * 3600;  // a week: anything longer is garbage
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0 ||
      seconds > kMaxSeconds) {
    return 0;  // an HTTP-date or garbage: let the host back off on its own
  }
  return seconds * 1000;
}

}  // namespace tts
