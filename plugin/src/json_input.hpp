// json_input.hpp: getting untrusted bytes in front of simdjson safely.
//
// simdjson reads SIMDJSON_PADDING bytes past the end of its input, so every input is first copied
// into a padded buffer. Two flavours:
//  - JsonScratch: parsers and a buffer reused across calls (the hot paths: responses, webhooks),
//    lent for one call at a time from a list every thread shares. A host calls from many
//    threads (a serve process: hundreds of export workers, mostly waiting on the network), so
//    per-thread parsers, each as big as the largest page it ever saw, would make memory grow
//    with the threads; shared, it grows with the calls parsing at the same moment.
//  - SecretJsonDocument: a parser + buffer owned by one call and wiped when it ends (inputs that
//    carry secrets: connection configs, token responses), so no secret outlives the call in
//    plugin-owned memory.
#pragma once

#include <simdjson.h>

#include <memory>
#include <string_view>
#include <vector>

namespace tts {

// A padded buffer and the two parsers, for one call at a time.
struct JsonScratch {
  // Copies `text` into the buffer and returns a view of the copy.
  // OWNERSHIP: the view stays valid until the next padded_copy() on this scratch.
  simdjson::padded_string_view padded_copy(std::string_view text);

  std::vector<char> buffer;
  simdjson::dom::parser dom;
  simdjson::ondemand::parser ondemand;
};

// Lends a scratch (a free one, or a new one) until it goes out of scope; then it goes back to the
// shared list, which keeps at most kKeptScratches (the rest are freed). THREADING: any thread;
// one lease serves one thread.
class ScratchLease {
 public:
  static constexpr size_t kKeptScratches = 8;
  ScratchLease();
  ~ScratchLease();
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  JsonScratch* operator->() const { return scratch_.get(); }

 private:
  std::unique_ptr<JsonScratch> scratch_;
};

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
