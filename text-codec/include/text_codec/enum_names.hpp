// enum_names.hpp: the words an enum's values are printed as, one table per enum.
//
// One table serves both directions (value to word, word to value), so the printer and the parser
// of a stored or printed value cannot drift apart, and no area writes its own switch of returns.
// A value the table lacks (one cast from an integer) prints as the fallback the caller names.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace textcodec {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

// The word `names` gives `value`, or `fallback` when the table has no entry for it. The words are
// string literals in practice, so data() is NUL-terminated.
template <typename Enum, std::size_t N>
constexpr std::string_view enum_name(const EnumName<Enum> (&names)[N], Enum value,
                                     std::string_view fallback) {
  for (const EnumName<Enum>& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return fallback;
}

// The value `names` prints as `name` (compared exactly), or nullopt for any other word.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const EnumName<Enum> (&names)[N],
                                             std::string_view name) {
  for (const EnumName<Enum>& entry : names) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace textcodec
