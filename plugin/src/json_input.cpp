#include "json_input.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <limits>
#include <vector>

namespace tts {

simdjson::padded_string_view thread_padded_copy(std::string_view text) {
  thread_local std::vector<char> buffer;
  const size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() < needed) buffer.resize(needed);
  if (!text.empty()) std::memcpy(buffer.data(), text.data(), text.size());
  std::memset(buffer.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view(buffer.data(), text.size(), buffer.size());
}

simdjson::dom::parser& thread_dom_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

simdjson::ondemand::parser& thread_ondemand_parser() {
  thread_local simdjson::ondemand::parser parser;
  return parser;
}

SecretJsonDocument::SecretJsonDocument(std::string_view text)
    : copy_(text), root_(parser_.parse(copy_)) {}

SecretJsonDocument::~SecretJsonDocument() {
  if (copy_.size() > 0) OPENSSL_cleanse(copy_.data(), copy_.size());
  // Mirrors simdjson's document::allocate: the string buffer holds the unescaped strings.
  const size_t capacity = parser_.doc.capacity();
  if (capacity > 0 && parser_.doc.string_buf) {
    const size_t string_capacity = (5 * capacity / 3 + simdjson::SIMDJSON_PADDING + 63) / 64 * 64;
    OPENSSL_cleanse(parser_.doc.string_buf.get(), string_capacity);
  }
}

bool read_int64(simdjson::dom::element element, int64_t& out) {
  int64_t signed_value = 0;
  if (element.get_int64().get(signed_value) == simdjson::SUCCESS) {
    out = signed_value;
    return true;
  }
  uint64_t unsigned_value = 0;
  if (element.get_uint64().get(unsigned_value) == simdjson::SUCCESS &&
      unsigned_value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    out = static_cast<int64_t>(unsigned_value);
    return true;
  }
  return false;
}

}  // namespace tts
