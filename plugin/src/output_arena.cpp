#include "output_arena.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>

namespace tts {
namespace {

// The block starts with its own size; the first object follows at a max-aligned offset.
constexpr size_t kHeaderBytes = alignof(std::max_align_t);

}  // namespace

OutputArena::OutputArena(size_t payload_bytes) : size_(kHeaderBytes + payload_bytes) {
  block_ = static_cast<char*>(std::calloc(1, size_));
  if (block_ == nullptr) throw std::bad_alloc();
  std::memcpy(block_, &size_, sizeof size_);
  used_ = kHeaderBytes;
}

OutputArena::~OutputArena() {
  if (block_ != nullptr) {
    OPENSSL_cleanse(block_, size_);
    std::free(block_);
  }
}

void* OutputArena::take(size_t bytes, size_t alignment) {
  const size_t start = (used_ + alignment - 1) / alignment * alignment;
  if (block_ == nullptr || start + bytes > size_) throw std::bad_alloc();
  used_ = start + bytes;
  return block_ + start;
}

cnx_str OutputArena::copy(std::string_view text) {
  if (text.empty()) return cnx_str{nullptr, 0};
  char* data = static_cast<char*>(take(text.size() + 1, 1));
  std::memcpy(data, text.data(), text.size());
  data[text.size()] = '\0';
  return cnx_str{data, text.size()};
}

void OutputArena::free(void* first_object) noexcept {
  if (first_object == nullptr) return;
  char* block = static_cast<char*>(first_object) - kHeaderBytes;
  size_t size = 0;
  std::memcpy(&size, block, sizeof size);
  OPENSSL_cleanse(block, size);
  std::free(block);
}

}  // namespace tts
