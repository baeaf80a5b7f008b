// json_body.hpp: reading a request's JSON body with simdjson, errors as values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <simdjson.h>

#include "api_types.hpp"

namespace sandbox {

// A parsed body. An empty body reads as an empty object (TikTok accepts "{}" or nothing for
// search calls without filters).
class JsonBody {
 public:
  // Parses `body`; on malformed JSON (or a non-object) returns the 400 answer to send instead.
  static std::variant<JsonBody, ApiResponse> parse(const std::string& body);

  const simdjson::dom::element& root() const { return root_; }
  // Integer field (also accepts a string of digits, as some clients send times as strings).
  std::optional<std::int64_t> int_field(std::string_view key) const;
  std::optional<std::string> string_field(std::string_view key) const;
  // An array of strings (ids); nullopt when absent or not an array of strings.
  std::optional<std::vector<std::string>> string_array(std::string_view key) const;
  std::optional<simdjson::dom::array> array_field(std::string_view key) const;

  // Required fields of batch calls: the `key` array with at least one element (of strings, for
  // required_strings) in *out, or the 400 answer "<key> is required" to send instead.
  std::optional<ApiResponse> required_array(std::string_view key, simdjson::dom::array* out) const;
  std::optional<ApiResponse> required_strings(std::string_view key,
                                              std::vector<std::string>* out) const;

 private:
  std::shared_ptr<simdjson::dom::parser> parser_;  // owns the memory root_ points into
  simdjson::dom::element root_;
};

// Parses the request's body into *out; returns the answer to send instead when it is not a JSON
// object (JsonBody::parse's 400).
std::optional<ApiResponse> read_json_body(const ApiRequest& request, JsonBody* out);

// Helpers on any element (for nested objects such as skus[]).
std::optional<std::string> string_of(const simdjson::dom::element& e, std::string_view key);
std::optional<std::int64_t> int_of(const simdjson::dom::element& e, std::string_view key);

}  // namespace sandbox
