// json_pointer.hpp: JSON Pointers (RFC 6901) as the plugin and the host write them in problems.
//
// A pointer is "" for the whole document, else "/" followed by tokens joined with "/", where a
// token escapes "~" as "~0" and "/" as "~1" (in that order, so "~1" in a key stays a "~" and a
// "1"). Header-only, like the writer, so that the plugin and every host library share one copy.
// ERRORS: parsing reports a bad pointer as nullopt; nothing throws but std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jsonw {

// Appends `key` escaped as one reference token.
inline void append_pointer_token(std::string& out, std::string_view key) {
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
}

// `key` escaped as one reference token.
inline std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  append_pointer_token(out, key);
  return out;
}

// The pointer to member `key` (or array index, written as decimal text) of the value at `parent`.
inline std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out.push_back('/');
  append_pointer_token(out, key);
  return out;
}

// Undoes append_pointer_token. nullopt when a "~" is not followed by "0" or "1".
inline std::optional<std::string> unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out.push_back(token[i]);
      continue;
    }
    if (i + 1 == token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) return std::nullopt;
    out.push_back(token[++i] == '0' ? '~' : '/');
  }
  return out;
}

// The unescaped tokens of `pointer` ("" gives none; "/" gives one empty token). nullopt when the
// pointer is neither empty nor starts with "/", or a token has a bad escape.
inline std::optional<std::vector<std::string>> parse_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  size_t start = 1;
  for (;;) {
    const size_t slash = pointer.find('/', start);
    const std::string_view raw = pointer.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    auto token = unescape_pointer_token(raw);
    if (!token) return std::nullopt;
    tokens.push_back(std::move(*token));
    if (slash == std::string_view::npos) return tokens;
    start = slash + 1;
  }
}

}  // namespace jsonw
