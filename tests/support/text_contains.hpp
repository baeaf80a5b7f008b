// text_contains.hpp: whether a program's output or an error holds a sentence, for assertions
// that read as what they check.
#pragma once

#include <string_view>

namespace test_support {

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace test_support
