// token_response.hpp: reading the token endpoint's answer into a normalized token set.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"
#include "secret_string.hpp"

namespace tts {

struct TokenSet {
  SecretString access_token;
  int64_t access_expires_at = 0;  // absolute Unix seconds, as TikTok sends *_expire_in
  SecretString refresh_token;
  int64_t refresh_expires_at = 0;
  std::string open_id;
  std::string seller_name;
  std::string seller_base_region;
  std::string account_type;         // "seller" (0), "creator" (1), "partner" (3), else "unknown"
  std::vector<std::string> scopes;  // granted_scopes, else granted_permissions
};

// Parses a token response. Success is code == 0 in the body, whatever the HTTP status.
// ERRORS: code != 0 -> the status of the error table (36004001/36004005 -> REAUTHORIZE, unknown ->
// PERMANENT, e.g. a wrong secret) with TikTok's message; an unreadable or truncated body, or a
// success without tokens -> RETRY (PERMANENT for a 4xx answer). Messages never quote a token.
// THREADING: pure; the parse buffers are wiped before returning.
Result<TokenSet> parse_token_response(int32_t http_status, std::string_view body);

// "seller", "creator", "partner" or "unknown" for TikTok's user_type.
std::string_view account_type_name(int64_t user_type);

}  // namespace tts
