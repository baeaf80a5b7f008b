#include "store/secret_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace host::store {
namespace {

constexpr unsigned char kFormatVersion = 1;
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// Associated data: owner, a NUL separator (owners and fields never contain NUL), field.
std::string associated_data(std::string_view owner, std::string_view field) {
  std::string aad(owner);
  aad.push_back('\0');
  aad.append(field);
  return aad;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

constexpr int kEncrypt = 1;
constexpr int kDecrypt = 0;

// Starts AES-256-GCM in `ctx` for one direction (kEncrypt or kDecrypt) with `nonce`, and feeds
// the associated data of (owner, field): sealing and opening must agree on all of it.
bool start_gcm(EVP_CIPHER_CTX* ctx, int direction, const unsigned char* key,
               const unsigned char* nonce, std::string_view owner, std::string_view field) {
  const std::string aad = associated_data(owner, field);
  int len = 0;
  return ctx && EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr, direction) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) &&
         EVP_CipherInit_ex(ctx, nullptr, nullptr, key, nonce, direction) &&
         EVP_CipherUpdate(ctx, nullptr, &len, bytes_of(aad), static_cast<int>(aad.size()));
}

}  // namespace

SecretString::SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {
  wipe(other.value_);
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    wipe(value_);
    value_ = std::move(other.value_);
    wipe(other.value_);
  }
  return *this;
}

SecretString::~SecretString() { wipe(value_); }

void wipe(std::string& text) {
  if (text.capacity() > 0) OPENSSL_cleanse(text.data(), text.capacity());
  text.clear();
}

std::string SecretBox::seal(std::string_view owner, std::string_view field,
                            std::string_view plaintext) const {
  std::string out(1 + kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* raw = reinterpret_cast<unsigned char*>(out.data());
  raw[0] = kFormatVersion;
  unsigned char* nonce = raw + 1;
  unsigned char* cipher = nonce + kNonceSize;
  if (RAND_bytes(nonce, kNonceSize) != 1) throw std::runtime_error("cannot draw a random nonce");

  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = start_gcm(ctx.get(), kEncrypt, key_.data(), nonce, owner, field);
  if (ok && !plaintext.empty()) {
    ok = EVP_EncryptUpdate(ctx.get(), cipher, &len, bytes_of(plaintext),
                           static_cast<int>(plaintext.size()));
  }
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), cipher + plaintext.size(), &len) &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + plaintext.size());
  if (!ok) throw std::runtime_error("cannot encrypt a secret: OpenSSL AES-256-GCM failed");
  return out;
}

std::optional<SecretString> SecretBox::open(std::string_view owner, std::string_view field,
                                            std::string_view sealed) const {
  if (sealed.size() < 1 + kNonceSize + kTagSize || bytes_of(sealed)[0] != kFormatVersion) {
    return std::nullopt;
  }
  const unsigned char* nonce = bytes_of(sealed) + 1;
  const unsigned char* cipher = nonce + kNonceSize;
  const size_t cipher_len = sealed.size() - 1 - kNonceSize - kTagSize;
  // The tag is passed through a const_cast-free copy: EVP's ctrl takes a non-const pointer.
  unsigned char tag[kTagSize];
  std::copy(cipher + cipher_len, cipher + cipher_len + kTagSize, tag);

  std::string plain(cipher_len, '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = start_gcm(ctx.get(), kDecrypt, key_.data(), nonce, owner, field);
  if (ok && cipher_len > 0) {
    ok = EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, cipher,
                           static_cast<int>(cipher_len));
  }
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) &&
       EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + cipher_len,
                           &len) == 1;
  if (!ok) {
    wipe(plain);
    return std::nullopt;
  }
  return SecretString(std::move(plain));
}

}  // namespace host::store
