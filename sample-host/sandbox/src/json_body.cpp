// json_body.cpp: simdjson DOM access with errors as values.
#include "json_body.hpp"

#include <charconv>

namespace sandbox {
namespace {

ApiResponse required_field(std::string_view key) {
  return failure(400, codes::kInvalidParameter, std::string(key) + " is required");
}

}  // namespace

std::variant<JsonBody, ApiResponse> JsonBody::parse(const std::string& body) {
  JsonBody out;
  out.parser_ = std::make_shared<simdjson::dom::parser>();
  const std::string_view text = body.find_first_not_of(" \t\r\n") == std::string::npos
                                    ? std::string_view("{}")
                                    : std::string_view(body);
  simdjson::padded_string padded(text);
  if (out.parser_->parse(padded).get(out.root_) != simdjson::SUCCESS || !out.root_.is_object())
    return failure(400, codes::kInvalidParameter, "Invalid request body: not a JSON object");
  return out;
}

std::optional<std::string> string_of(const simdjson::dom::element& e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return std::nullopt;
  return std::string(v);
}

std::optional<std::int64_t> int_of(const simdjson::dom::element& e, std::string_view key) {
  simdjson::dom::element field;
  if (e[key].get(field) != simdjson::SUCCESS) return std::nullopt;
  std::int64_t n = 0;
  if (field.get_int64().get(n) == simdjson::SUCCESS) return n;
  std::string_view s;
  if (field.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::optional<std::int64_t> JsonBody::int_field(std::string_view key) const {
  return int_of(root_, key);
}

std::optional<std::string> JsonBody::string_field(std::string_view key) const {
  return string_of(root_, key);
}

std::optional<simdjson::dom::array> JsonBody::array_field(std::string_view key) const {
  simdjson::dom::array arr;
  if (root_[key].get_array().get(arr) != simdjson::SUCCESS) return std::nullopt;
  return arr;
}

std::optional<std::vector<std::string>> JsonBody::string_array(std::string_view key) const {
  auto arr = array_field(key);
  if (!arr) return std::nullopt;
  std::vector<std::string> out;
  for (auto item : *arr) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
    out.emplace_back(s);
  }
  return out;
}

std::optional<ApiResponse> JsonBody::required_array(std::string_view key,
                                                    simdjson::dom::array* out) const {
  auto array = array_field(key);
  if (!array || array->size() == 0) return required_field(key);
  *out = *array;
  return std::nullopt;
}

std::optional<ApiResponse> JsonBody::required_strings(std::string_view key,
                                                      std::vector<std::string>* out) const {
  auto strings = string_array(key);
  if (!strings || strings->empty()) return required_field(key);
  *out = std::move(*strings);
  return std::nullopt;
}

std::optional<ApiResponse> read_json_body(const ApiRequest& request, JsonBody* out) {
  auto parsed = JsonBody::parse(request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  *out = std::get<JsonBody>(std::move(parsed));
  return std::nullopt;
}

}  // namespace sandbox
