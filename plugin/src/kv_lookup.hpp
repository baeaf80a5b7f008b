// kv_lookup.hpp: finding a header in a cnx_kv list (names compare ignoring ASCII case).
#pragma once

#include <connector_abi/connector_abi.h>

#include <string_view>

#include "ascii_text.hpp"

namespace tts {

inline std::string_view view(cnx_str s) { return std::string_view(s.data, s.len); }
inline cnx_str str(std::string_view s) { return cnx_str{s.data(), s.size()}; }

// The value of the first header named `name` (any case), or nullptr when there is none.
inline const cnx_str* find_header(const cnx_kv* headers, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (equals_ignore_case(view(headers[i].key), name)) return &headers[i].value;
  }
  return nullptr;
}

}  // namespace tts
