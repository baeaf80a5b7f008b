// test_signer.hpp: a TikTok 202309 signer written for the tests only, from the documented rules,
// so that the sandbox is judged by an implementation that shares no code with it.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sandbox_test {

// HMAC-SHA256(secret, secret + path + sorted key+value... + body + secret), lowercase hex.
// `params` must already exclude sign and access_token; pass an empty body for multipart.
std::string sign_request(std::string_view secret, std::string_view path,
                         const std::map<std::string, std::string>& params, std::string_view body);

}  // namespace sandbox_test
