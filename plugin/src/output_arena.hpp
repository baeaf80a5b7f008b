// output_arena.hpp: every ABI output is one allocation: the public struct first, then its arrays
// and strings. The matching free call wipes the whole block (outputs may hold secrets) and frees
// it, so no output can leak part of itself or need a per-type destructor.
#pragma once

#include <connector_abi/connector_abi.h>

#include <algorithm>
#include <cstddef>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace tts {

class OutputArena {
 public:
  OutputArena(const OutputArena&) = delete;
  OutputArena& operator=(const OutputArena&) = delete;
  ~OutputArena();

  // Builds one output of type T in one block. `fill(arena, out)` sets out's fields, taking every
  // string and array from `arena`; it runs twice: first on a sizing arena that only measures
  // (with a scratch T that is thrown away), then on a block of exactly that size. So the size and
  // the copy are written once and cannot disagree. REQUIRES: `fill` takes the same things in the
  // same order both times (it only reads its inputs). Throws std::bad_alloc.
  template <typename T, typename Fill>
  static T* build(Fill&& fill) {
    OutputArena sizing;
    sizing.allocate<T>();
    T scratch{};
    fill(sizing, scratch);
    OutputArena arena(sizing.used_ - kHeaderBytes);
    T* out = arena.allocate<T>();
    out->struct_size = sizeof(T);
    fill(arena, *out);
    arena.block_ = nullptr;  // the block now belongs to whoever holds `out`
    return out;
  }

  // A NUL-terminated copy of `text` (len excludes the NUL); {nullptr, 0} for empty text.
  cnx_str copy(std::string_view text);
  // Copies of each key and value; nullptr for an empty list.
  const cnx_kv* copy_kvs(std::span<const cnx_kv> items);
  // A cnx_str array of copies of `items`; nullptr for an empty list.
  const cnx_str* copy_strs(std::span<const std::string> items);
  // A bytewise copy of plain values (no pointers they own); nullptr for an empty list.
  template <typename T>
  const T* copy_array(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (items.empty()) return nullptr;
    T* copies = allocate<T>(items.size());
    if (copies != nullptr) std::copy(items.begin(), items.end(), copies);
    return copies;
  }

  // Wipes and frees the block whose first object is `first_object`. NULL is a no-op.
  static void free(void* first_object) noexcept;

 private:
  // The block starts with its own size; the first object follows at a max-aligned offset.
  static constexpr size_t kHeaderBytes = alignof(std::max_align_t);

  OutputArena() = default;  // sizing: takes nothing, counts (take() returns nullptr)
  explicit OutputArena(size_t payload_bytes);

  // `count` zeroed objects of T, or nullptr when sizing.
  template <typename T>
  T* allocate(size_t count = 1) {
    return static_cast<T*>(take(count * sizeof(T), alignof(T)));
  }
  // Throws bad_alloc when a real block has no room (the sizing pass and the fill disagreed).
  void* take(size_t bytes, size_t alignment);

  char* block_ = nullptr;  // nullptr: a sizing arena
  size_t size_ = 0;
  size_t used_ = kHeaderBytes;
};

}  // namespace tts
