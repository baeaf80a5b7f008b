// libFuzzer target: see host_webhook_fuzz_entry.hpp.
#include "host_webhook_fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return host_fuzz::fuzz_webhook_delivery(data, size);
}
