// hmac_sha256.hpp: HMAC-SHA256 with the key schedule computed once.
//
// TikTok signs every request and webhook with HMAC-SHA256 keyed by the app secret. A connection
// builds one HmacSha256Key at open; each signature then starts from a copy of the keyed state
// instead of hashing the key again.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace tts {

using Sha256Digest = std::array<unsigned char, 32>;

class HmacSha256Key {
 public:
  // Keys a new state with `key`. Returns nullptr when OpenSSL cannot (allocation failure).
  // The key bytes are not retained outside OpenSSL's context, which wipes them when freed.
  static std::unique_ptr<HmacSha256Key> create(std::string_view key);
  ~HmacSha256Key();
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;

  // HMAC over the concatenation of `pieces` (no copy is made of them). Returns false when OpenSSL
  // fails. THREADING: const and safe to call from many threads at once.
  bool digest(std::span<const std::string_view> pieces, Sha256Digest& out) const;

 private:
  struct State;
  explicit HmacSha256Key(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Writes the 64 lowercase hex characters of `digest` to `out`.
void write_lower_hex(const Sha256Digest& digest, char (&out)[64]);

// Plain SHA-256 of `data` as 64 lowercase hex characters (used for derived ids, not for secrets).
std::array<char, 64> sha256_lower_hex(std::string_view data);

}  // namespace tts
