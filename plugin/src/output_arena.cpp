#include "output_arena.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>

#include "kv_lookup.hpp"

namespace tts {

OutputArena::OutputArena(size_t payload_bytes) : size_(kHeaderBytes + payload_bytes) {
  block_ = static_cast<char*>(std::calloc(1, size_));
  if (block_ == nullptr) throw std::bad_alloc();
  std::memcpy(block_, &size_, sizeof size_);
}

OutputArena::~OutputArena() {
  if (block_ != nullptr) {
    OPENSSL_cleanse(block_, size_);
    std::free(block_);
  }
}

void* OutputArena::take(size_t bytes, size_t alignment) {
  // The block is max-aligned, so aligning offsets aligns addresses, in both passes alike.
  const size_t start = (used_ + alignment - 1) / alignment * alignment;
  if (block_ == nullptr) {
    used_ = start + bytes;
    return nullptr;
  }
  if (start + bytes > size_) throw std::bad_alloc();
  used_ = start + bytes;
  return block_ + start;
}

cnx_str OutputArena::copy(std::string_view text) {
  if (text.empty()) return cnx_str{nullptr, 0};
  char* data = static_cast<char*>(take(text.size() + 1, 1));
  if (data == nullptr) return cnx_str{nullptr, 0};
  std::memcpy(data, text.data(), text.size());
  data[text.size()] = '\0';
  return cnx_str{data, text.size()};
}

const cnx_kv* OutputArena::copy_kvs(std::span<const cnx_kv> items) {
  if (items.empty()) return nullptr;
  cnx_kv* copies = allocate<cnx_kv>(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const cnx_kv kv{copy(view(items[i].key)), copy(view(items[i].value))};
    if (copies != nullptr) copies[i] = kv;
  }
  return copies;
}

const cnx_str* OutputArena::copy_strs(std::span<const std::string> items) {
  if (items.empty()) return nullptr;
  cnx_str* copies = allocate<cnx_str>(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const cnx_str str = copy(items[i]);
    if (copies != nullptr) copies[i] = str;
  }
  return copies;
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
