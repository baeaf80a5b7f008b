// password_hash.hpp: a configured console password, kept only as a slow salted hash
// (PBKDF2-HMAC-SHA256, OpenSSL), so that the clear text lives no longer than startup.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace host::console {

// OWASP's 2023 guidance for PBKDF2-HMAC-SHA256: about half a second per guess on a laptop core.
inline constexpr int kPasswordIterations = 600'000;

class PasswordHash {
 public:
  // Hashes `password` with a fresh random salt. ERRORS: throws when OpenSSL fails.
  explicit PasswordHash(std::string_view password, int iterations = kPasswordIterations);
  // Hashes `attempt` with the same salt and compares in constant time.
  bool matches(std::string_view attempt) const;

 private:
  std::array<unsigned char, 16> salt_{};
  std::array<unsigned char, 32> hash_{};
  int iterations_;
};

}  // namespace host::console
