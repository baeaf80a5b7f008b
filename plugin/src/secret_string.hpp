// secret_string.hpp: a string that wipes its bytes when destroyed or moved from.
#pragma once

#include <openssl/crypto.h>

#include <string>
#include <string_view>
#include <utility>

namespace tts {

// Holds a secret (app secret, token). Promise: the bytes are overwritten with OPENSSL_cleanse
// when the object dies and when its value moves elsewhere (short strings live inline, so a plain
// std::string move would leave a copy behind).
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view value) : value_(value) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  // Copies, then wipes the source: a std::string move would empty `other` and leave a short
  // value's bytes in its inline buffer, where wipe() could no longer see them.
  SecretString(SecretString&& other) noexcept
      : value_(other.value_) {  // NOLINT(performance-move-constructor-init)
    other.wipe();
  }
  SecretString& operator=(SecretString&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = other.value_;
      other.wipe();
    }
    return *this;
  }
  ~SecretString() { wipe(); }

  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void wipe() {
    if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
    value_.clear();
  }
  std::string value_;
};

}  // namespace tts
