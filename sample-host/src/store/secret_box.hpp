// secret_box.hpp: AES-256-GCM encryption of secrets at rest, bound to where they are stored.
//
// A sealed secret is: version byte (1) || 12-byte random nonce || ciphertext || 16-byte tag. The
// associated data is the owner (e.g. "connection:7") and the field name, so a ciphertext copied
// to another row or field does not decrypt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/master_key.hpp"

namespace host::store {

// A plaintext secret in memory: move-only, wiped (OPENSSL_cleanse) when destroyed or assigned.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString();

  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }
  // A copy that the caller must wipe or wrap again (for APIs that need a std::string).
  std::string copy() const { return value_; }

 private:
  std::string value_;
};

// Wipes a std::string's bytes (including spare capacity) and empties it.
void wipe(std::string& text);

// THREADING: immutable after construction; seal/open may run concurrently.
class SecretBox {
 public:
  explicit SecretBox(MasterKey key) : key_(std::move(key)) {}

  // Encrypts `plaintext` for (owner, field) with a fresh random nonce.
  // ERRORS: throws std::runtime_error if OpenSSL fails (never with secret bytes in the message).
  std::string seal(std::string_view owner, std::string_view field,
                   std::string_view plaintext) const;

  // Decrypts what seal() produced for the same (owner, field). nullopt when authentication fails:
  // another master key, another owner or field, or damaged bytes.
  std::optional<SecretString> open(std::string_view owner, std::string_view field,
                                   std::string_view sealed) const;

 private:
  MasterKey key_;
};

}  // namespace host::store
