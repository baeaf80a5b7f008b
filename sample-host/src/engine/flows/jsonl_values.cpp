#include "engine/flows/jsonl_values.hpp"

#include <openssl/evp.h>
#include <simdjson.h>

#include <span>
#include <text_codec/hex.hpp>

namespace host::engine {

bool append_minified_line(std::string_view json, std::string& out) {
  const size_t start = out.size();
  out.resize(start + json.size() + 1);
  size_t written = 0;
  if (simdjson::minify(json.data(), json.size(), out.data() + start, written) !=
          simdjson::SUCCESS ||
      written == 0) {
    out.resize(start);
    return false;
  }
  out.resize(start + written);
  out.push_back('\n');
  return true;
}

std::optional<std::string> json_scalar_text(std::string_view json) {
  while (!json.empty() && (json.front() == ' ' || json.front() == '\n' || json.front() == '\t' ||
                           json.front() == '\r')) {
    json.remove_prefix(1);
  }
  while (!json.empty() && (json.back() == ' ' || json.back() == '\n' || json.back() == '\t' ||
                           json.back() == '\r')) {
    json.remove_suffix(1);
  }
  if (json.empty()) return std::nullopt;
  // The common case, a string without escapes, needs no parser.
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"' &&
      json.find('\\') == std::string_view::npos && json.find('"', 1) == json.size() - 1) {
    return std::string(json.substr(1, json.size() - 2));
  }
  simdjson::dom::parser parser;
  simdjson::dom::element value;
  if (parser.parse(json.data(), json.size()).get(value) != simdjson::SUCCESS) return std::nullopt;
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(value));
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
    case simdjson::dom::element_type::BOOL:
      return simdjson::minify(value);
    default:
      return std::nullopt;
  }
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return textcodec::to_hex(std::span<const unsigned char>(digest, len));
}

}  // namespace host::engine
