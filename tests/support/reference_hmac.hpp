// reference_hmac.hpp: HMAC-SHA256 computed with OpenSSL, for tests that judge a signer by the
// documented rule instead of by the code under test.
#pragma once

#include <string>
#include <string_view>

namespace test_support {

// Lowercase hex HMAC-SHA256(key, message): 64 characters. ERRORS: throws std::runtime_error when
// OpenSSL fails (a test then fails loudly instead of comparing against an empty digest).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace test_support
