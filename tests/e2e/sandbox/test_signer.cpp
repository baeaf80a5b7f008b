// test_signer.cpp: the tests' own signer.
#include "test_signer.hpp"

#include <cstdio>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace sandbox_test {

std::string hmac_hex(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len);
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(two, sizeof two, "%02x", out[i]);
    hex += two;
  }
  return hex;
}

std::string sign_request(std::string_view secret, std::string_view path,
                         const std::map<std::string, std::string>& params, std::string_view body) {
  // std::map iterates keys in byte-wise order, which is the order the rules ask for.
  std::string plain(path);
  for (const auto& [key, value] : params) plain += key + value;
  plain += body;
  return hmac_hex(secret, std::string(secret) + plain + std::string(secret));
}

}  // namespace sandbox_test
