// request_signature.hpp: TikTok Shop's 202309 request signature, computed on the server side.
//
// Written from the rules in docs/tiktok-shop-api.md, independently of the plugin's signer, so that
// the sandbox judges a client's signature rather than agreeing with itself.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

// The string the HMAC covers, before wrapping in the secret: path, then key+value of every query
// parameter except `sign` and `access_token` sorted byte-wise by key (first occurrence of a
// repeated key wins), then the raw body unless the media type is multipart/form-data.
std::string canonical_string(std::string_view path,
                             const std::vector<std::pair<std::string, std::string>>& query,
                             std::string_view content_type, std::string_view body);

// Lowercase hex HMAC-SHA256(key = secret, message = secret + canonical + secret).
std::string expected_sign(std::string_view secret, std::string_view canonical);

// Constant-time equality (length mismatch returns false without comparing content).
bool constant_time_equal(std::string_view a, std::string_view b);

// Lowercase hex HMAC-SHA256(key, message); shared with token generation.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace sandbox
