// code_names.hpp: the numbered lists TikTok documents (webhook types, user types) as tables, and
// their one lookup.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tts {

// One entry of a numbered list.
struct CodeName {
  int64_t code = 0;
  std::string_view name{};
};

// The name `table` gives `code`, or `fallback` when it lists no such code. THREADING: pure.
constexpr std::string_view name_of_code(std::span<const CodeName> table, int64_t code,
                                        std::string_view fallback = {}) {
  for (const CodeName& entry : table) {
    if (entry.code == code) return entry.name;
  }
  return fallback;
}

}  // namespace tts
