#include "console/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace host::console {
namespace {

std::array<unsigned char, 32> derive(std::string_view password,
                                     const std::array<unsigned char, 16>& salt, int iterations) {
  std::array<unsigned char, 32> out{};
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return out;
}

}  // namespace

PasswordHash::PasswordHash(std::string_view password, int iterations) : iterations_(iterations) {
  if (RAND_bytes(salt_.data(), static_cast<int>(salt_.size())) != 1) {
    throw std::runtime_error("the random generator failed");
  }
  hash_ = derive(password, salt_, iterations_);
}

bool PasswordHash::matches(std::string_view attempt) const {
  std::array<unsigned char, 32> candidate = derive(attempt, salt_, iterations_);
  const bool same = CRYPTO_memcmp(candidate.data(), hash_.data(), hash_.size()) == 0;
  OPENSSL_cleanse(candidate.data(), candidate.size());
  return same;
}

}  // namespace host::console
