// api_types.hpp: the transport-free shape of a request and an answer inside the sandbox.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

// TikTok Shop error codes the sandbox answers with (see docs/tiktok-shop-api.md).
namespace codes {
inline constexpr std::int64_t kOk = 0;
inline constexpr std::int64_t kInvalidSign = 106001;
inline constexpr std::int64_t kAccessTokenExpired = 105002;
inline constexpr std::int64_t kShopCipherRequired = 106013;
inline constexpr std::int64_t kTokenShopMismatch = 101000;
inline constexpr std::int64_t kTooManyRequests = 36009002;
inline constexpr std::int64_t kInternalError = 36009003;
// TikTok's gateway answers 36009004 for every malformed or unknown identifier (app key, token,
// timestamp, sign, unexpected shop_cipher). The sandbox also uses it for out-of-range parameters
// (page_size, foreign page_token): TikTok's exact code for those is not in our reference.
inline constexpr std::int64_t kInvalidParameter = 36009004;
inline constexpr std::int64_t kUnknownPath = 36009009;
inline constexpr std::int64_t kWrongMethod = 36009010;
// TikTok's message: "Invalid API version. The version value is invalid or unsupported." (common
// errors page); it answers an unknown version and a retired one alike.
inline constexpr std::int64_t kInvalidVersion = 36009014;
inline constexpr std::int64_t kWrongContentType = 36009022;
inline constexpr std::int64_t kRefreshTokenExpired = 36004001;
inline constexpr std::int64_t kNoAuthRecord = 36004005;
// Business errors (resource level). TikTok uses service-specific codes; these are the sandbox's.
inline constexpr std::int64_t kResourceNotFound = 36009404;
inline constexpr std::int64_t kInvalidState = 36009409;
}  // namespace codes

// One received request, decoded. Query values are percent-decoded ('+' is a space), kept in
// arrival order; body is the raw bytes received.
struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;
  std::string content_type;  // header value as received, empty when absent
  std::string access_token;  // x-tts-access-token header, empty when absent
  std::string host;          // Host header ("127.0.0.1:8080"), for URLs on the sandbox's origin
  std::string body;

  // The first value of `key`, or nullptr when absent.
  const std::string* query_value(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return &v;
    return nullptr;
  }
};

// One answer. `code` mirrors the envelope's code (0 for success) for stats.
struct ApiResponse {
  int http_status = 200;
  std::int64_t code = 0;
  std::string content_type = "application/json";
  std::string location;  // for redirects
  std::string body;
};

// Builds {"code":C,"message":M,"request_id":R,"data":DATA} (data omitted when empty).
ApiResponse envelope(int http_status, std::int64_t code, std::string_view message,
                     std::string_view data_json);
// A successful answer: HTTP 200, code 0, "Success".
ApiResponse success(std::string_view data_json);
// An error answer that keeps the envelope and has no data.
ApiResponse failure(int http_status, std::int64_t code, std::string_view message);

}  // namespace sandbox
