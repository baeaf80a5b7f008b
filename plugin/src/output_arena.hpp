// output_arena.hpp: every ABI output is one allocation: the public struct first, then its arrays
// and strings. The matching free call wipes the whole block (outputs may hold secrets) and frees
// it, so no output can leak part of itself or need a per-type destructor.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstddef>
#include <new>
#include <string_view>

namespace tts {

class OutputArena {
 public:
  // Room for a struct, arrays and strings. Size with slot_bytes/string_bytes. Throws bad_alloc.
  explicit OutputArena(size_t payload_bytes);
  ~OutputArena();
  OutputArena(const OutputArena&) = delete;
  OutputArena& operator=(const OutputArena&) = delete;

  template <typename T>
  static constexpr size_t slot_bytes(size_t count = 1) {
    return count * sizeof(T) + alignof(T);
  }
  static constexpr size_t string_bytes(std::string_view text) { return text.size() + 1; }

  // `count` zeroed objects of T. The first object taken is the one the ABI hands out.
  // REQUIRES: the payload was sized for it (checked: throws bad_alloc when it does not fit).
  template <typename T>
  T* allocate(size_t count = 1) {
    return static_cast<T*>(take(count * sizeof(T), alignof(T)));
  }

  // A NUL-terminated copy of `text` (len excludes the NUL); {nullptr, 0} for empty text.
  cnx_str copy(std::string_view text);

  // Gives up ownership: the block now belongs to whoever holds the first object.
  void release() { block_ = nullptr; }

  // Wipes and frees the block whose first object is `first_object`. NULL is a no-op.
  static void free(void* first_object) noexcept;

 private:
  void* take(size_t bytes, size_t alignment);

  char* block_ = nullptr;
  size_t size_ = 0;
  size_t used_ = 0;
};

}  // namespace tts
