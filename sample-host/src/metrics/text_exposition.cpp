#include "metrics/text_exposition.hpp"

#include <charconv>
#include <cmath>

namespace host::metrics {
namespace {

bool is_name_char(char c, bool allow_colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (allow_colon && c == ':');
}

bool is_name(std::string_view name, bool allow_colon) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!is_name_char(c, allow_colon)) return false;
  }
  return true;
}

template <class Number>
void append_number(std::string& out, Number value) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, ec == std::errc() ? end : buf);
}

// Backslash and line feed always; the double quote too inside a label value's quotes.
void append_escaped(std::string& out, std::string_view text, bool quoted) {
  for (char c : text) {
    if (c == '\\' || (quoted && c == '"')) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

bool is_metric_name(std::string_view name) { return is_name(name, true); }

bool is_label_name(std::string_view name) {
  return is_name(name, false) && !name.starts_with("__");
}

void append_help_text(std::string& out, std::string_view text) { append_escaped(out, text, false); }

void append_label_value(std::string& out, std::string_view value) {
  append_escaped(out, value, true);
}

void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    append_number(out, value);  // shortest round trip: 0.005, 1, 1e+21
  }
}

void append_value(std::string& out, uint64_t value) { append_number(out, value); }

void append_value(std::string& out, int64_t value) { append_number(out, value); }

}  // namespace host::metrics
