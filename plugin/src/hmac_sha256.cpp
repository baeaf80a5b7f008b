#include "hmac_sha256.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <text_codec/hex.hpp>

namespace tts {

struct HmacSha256Key::State {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* keyed = nullptr;  // initialized with the key; only ever duplicated
  ~State() {
    EVP_MAC_CTX_free(keyed);
    EVP_MAC_free(mac);
  }
};

HmacSha256Key::HmacSha256Key(std::unique_ptr<State> state) : state_(std::move(state)) {}
HmacSha256Key::~HmacSha256Key() = default;

std::unique_ptr<HmacSha256Key> HmacSha256Key::create(std::string_view key) {
  auto state = std::make_unique<State>();
  state->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (state->mac == nullptr) return nullptr;
  state->keyed = EVP_MAC_CTX_new(state->mac);
  if (state->keyed == nullptr) return nullptr;
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  // A zero-length key is legal HMAC; OpenSSL wants a non-null pointer for it.
  static constexpr unsigned char kEmpty = 0;
  const auto* key_bytes =
      key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(state->keyed, key_bytes, key.size(), params) != 1) return nullptr;
  return std::unique_ptr<HmacSha256Key>(new HmacSha256Key(std::move(state)));
}

bool HmacSha256Key::digest(std::span<const std::string_view> pieces, Sha256Digest& out) const {
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(state_->keyed);
  if (ctx == nullptr) return false;
  bool ok = true;
  for (std::string_view piece : pieces) {
    if (piece.empty()) continue;
    if (EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(piece.data()), piece.size()) !=
        1) {
      ok = false;
      break;
    }
  }
  size_t written = 0;
  ok = ok && EVP_MAC_final(ctx, out.data(), &written, out.size()) == 1 && written == out.size();
  EVP_MAC_CTX_free(ctx);
  return ok;
}

void write_lower_hex(const Sha256Digest& digest, char (&out)[64]) {
  textcodec::write_hex(digest, out);
}

std::array<char, 64> sha256_lower_hex(std::string_view data) {
  Sha256Digest digest{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr);
  char hex[64];
  write_lower_hex(digest, hex);
  std::array<char, 64> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = hex[i];
  return out;
}

}  // namespace tts
