// test_signer.cpp: the tests' own signer.
#include "test_signer.hpp"

#include "reference_hmac.hpp"

namespace sandbox_test {

std::string sign_request(std::string_view secret, std::string_view path,
                         const std::map<std::string, std::string>& params, std::string_view body) {
  // std::map iterates keys in byte-wise order, which is the order the rules ask for.
  std::string plain(path);
  for (const auto& [key, value] : params) plain += key + value;
  plain += body;
  return test_support::hmac_sha256_hex(secret, std::string(secret) + plain + std::string(secret));
}

}  // namespace sandbox_test
