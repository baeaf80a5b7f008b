// libFuzzer target: see fuzz_entries.hpp.
#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tts::fuzz::fuzz_classify_response(data, size);
}
