#include "json_input.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <limits>
#include <mutex>
#include <vector>

namespace tts {

simdjson::padded_string_view JsonScratch::padded_copy(std::string_view text) {
  const size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() < needed) buffer.resize(needed);
  if (!text.empty()) std::memcpy(buffer.data(), text.data(), text.size());
  std::memset(buffer.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view(buffer.data(), text.size(), buffer.size());
}

namespace {

// The scratches no call holds; freed when the library is unloaded (no call is in flight then).
struct FreeScratches {
  std::mutex mutex;
  std::vector<std::unique_ptr<JsonScratch>> free;
};
FreeScratches& free_scratches() {
  static FreeScratches scratches;
  return scratches;
}

}  // namespace

ScratchLease::ScratchLease() {
  FreeScratches& shared = free_scratches();
  {
    std::lock_guard lock(shared.mutex);
    if (!shared.free.empty()) {
      scratch_ = std::move(shared.free.back());
      shared.free.pop_back();
    }
  }
  if (!scratch_) scratch_ = std::make_unique<JsonScratch>();
}

ScratchLease::~ScratchLease() {
  FreeScratches& shared = free_scratches();
  std::lock_guard lock(shared.mutex);
  if (shared.free.size() < kKeptScratches) shared.free.push_back(std::move(scratch_));
}  // else freed here, under the lock (rare: more calls at once than kept)

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
