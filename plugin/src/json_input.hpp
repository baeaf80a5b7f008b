// json_input.hpp: getting untrusted bytes in front of simdjson safely.
//
// simdjson reads SIMDJSON_PADDING bytes past the end of its input, so every input is first copied
// into a padded buffer. Two flavours:
//  - thread_padded_copy: a per-thread buffer reused across calls (the hot paths: responses).
//  - SecretJsonDocument: a parser + buffer owned by one call and wiped when it ends (inputs that
//    carry secrets: connection configs, token responses), so no secret outlives the call in
//    plugin-owned memory.
#pragma once

#include <simdjson.h>

#include <memory>
#include <string_view>

namespace tts {

// Copies `text` into this thread's padded buffer and returns a view of the copy.
// OWNERSHIP: the view stays valid until the next call on the same thread.
simdjson::padded_string_view thread_padded_copy(std::string_view text);

// This thread's reusable DOM and On-Demand parsers (one per thread, as simdjson recommends).
simdjson::dom::parser& thread_dom_parser();
simdjson::ondemand::parser& thread_ondemand_parser();

// Parses a JSON text that may hold secrets with its own parser; wipes the copy and the parser's
// string storage on destruction. Elements returned by root() live as long as this object.
class SecretJsonDocument {
 public:
  explicit SecretJsonDocument(std::string_view text);
  ~SecretJsonDocument();
  SecretJsonDocument(const SecretJsonDocument&) = delete;
  SecretJsonDocument& operator=(const SecretJsonDocument&) = delete;

  // The parse result: an error (EMPTY, TAPE_ERROR, UTF8_ERROR, ...) when the text is not JSON.
  simdjson::simdjson_result<simdjson::dom::element> root() const { return root_; }

 private:
  simdjson::padded_string copy_;
  simdjson::dom::parser parser_;
  simdjson::simdjson_result<simdjson::dom::element> root_;
};

// Reads a JSON number as int64 whether simdjson typed it signed or unsigned; false otherwise.
bool read_int64(simdjson::dom::element element, int64_t& out);

}  // namespace tts
