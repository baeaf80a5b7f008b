// libFuzzer target: see host_fuzz_entries.hpp.
#include "host_fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return host_fuzz::fuzz_page_response(data, size);
}
