#include "engine/authorization/secret_random.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <text_codec/hex.hpp>
#include <vector>

namespace host::engine {

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("the random generator failed");
  }
  return textcodec::to_hex(raw);
}

}  // namespace host::engine
