#include "percent_encoding.hpp"

#include <array>

#include <text_codec/hex.hpp>

namespace tts {
namespace {

constexpr bool is_unreserved_byte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 unreserved bytes, one table look-up each: every query value of every signed request
// passes through here, and the chain of comparisons was a seventh of the signing time.
constexpr std::array<bool, 256> kUnreserved = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = is_unreserved_byte(static_cast<unsigned char>(c));
  return table;
}();

bool is_unreserved(unsigned char c) { return kUnreserved[c]; }

}  // namespace

void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char kUpperHex[] = "0123456789ABCDEF";
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_unreserved(c)) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    const char escaped[3] = {'%', kUpperHex[c >> 4], kUpperHex[c & 0xf]};
    out.append(escaped, 3);
  }
  out.append(text.data() + run, text.size() - run);
}

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_percent_encoded(out, text);
  return out;
}

bool append_percent_decoded(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int high = textcodec::hex_digit_value(text[i + 1]);
    const int low = textcodec::hex_digit_value(text[i + 2]);
    if (high < 0 || low < 0) return false;
    out.push_back(static_cast<char>((high << 4) | low));
    i += 2;
  }
  return true;
}

}  // namespace tts
