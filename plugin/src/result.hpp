// result.hpp: errors as values inside the plugin. A Result<T> holds either a T or a Failure that
// says what a host should do (a cnx_status) and why, in words a person can act on.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace tts {

// A failure as the ABI reports it. Promise: `message` and `details_json` never hold a secret.
struct Failure {
  cnx_status status = CNX_STATUS_INTERNAL;
  std::string message;
  std::string details_json;  // JSON array of {"field","message"} for config errors, else empty
  int64_t remote_code = 0;
  std::string request_id;
  int64_t retry_after_ms = 0;
};

// Shorthand for the common case: a status and a sentence.
inline Failure fail(cnx_status status, std::string message) {
  Failure failure;
  failure.status = status;
  failure.message = std::move(message);
  return failure;
}

// Either a value or a Failure. Cheap to move; check ok() before value().
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  Failure& failure() { return std::get<1>(state_); }
  const Failure& failure() const { return std::get<1>(state_); }

 private:
  std::variant<T, Failure> state_;
};

}  // namespace tts
