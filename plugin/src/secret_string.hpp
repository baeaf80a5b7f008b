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
  SecretString(SecretString&& other) noexcept : value_(other.value_) { other.Wipe(); }
  SecretString& operator=(SecretString&& other) noexcept {
    if (this != &other) {
      Wipe();
      value_ = other.value_;
      other.Wipe();
    }
    return *this;
  }
  ~SecretString() { Wipe(); }

  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void Wipe() {
    if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
    value_.clear();
  }
  std::string value_;
};

}  // namespace tts
