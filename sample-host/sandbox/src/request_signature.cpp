// request_signature.cpp: canonical string + HMAC-SHA256 for TikTok Shop 202309 requests.
#include "request_signature.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <text_codec/hex.hpp>

#include "query_string.hpp"

namespace sandbox {

std::string canonical_string(std::string_view path,
                             const std::vector<std::pair<std::string, std::string>>& query,
                             std::string_view content_type, std::string_view body) {
  std::vector<const std::pair<std::string, std::string>*> params;
  for (const auto& p : query) {
    if (p.first == "sign" || p.first == "access_token") continue;
    const bool repeated = std::any_of(params.begin(), params.end(),
                                      [&](const auto* seen) { return seen->first == p.first; });
    if (!repeated) params.push_back(&p);
  }
  std::sort(params.begin(), params.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out(path);
  for (const auto* p : params) {
    out += p->first;
    out += p->second;
  }
  if (media_type(content_type) != "multipart/form-data") out.append(body);
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  return textcodec::to_hex(std::span<const unsigned char>(mac, mac_len));
}

std::string expected_sign(std::string_view secret, std::string_view canonical) {
  std::string wrapped;
  wrapped.reserve(secret.size() * 2 + canonical.size());
  wrapped.append(secret).append(canonical).append(secret);
  return hmac_sha256_hex(secret, wrapped);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sandbox
