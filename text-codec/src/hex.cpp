#include "text_codec/hex.hpp"

namespace textcodec {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

}  // namespace

int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void write_hex(std::span<const unsigned char> bytes, std::span<char> out) noexcept {
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
}

std::string to_hex(std::span<const unsigned char> bytes) {
  std::string out(2 * bytes.size(), '\0');
  write_hex(bytes, out);
  return out;
}

std::string to_hex(std::string_view bytes) {
  return to_hex(std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

bool decode_hex(std::string_view text, std::span<unsigned char> out) noexcept {
  if (text.size() != 2 * out.size()) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    const int high = hex_digit_value(text[2 * i]);
    const int low = hex_digit_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return true;
}

bool is_hex(std::string_view text, size_t digits) noexcept {
  if (text.size() != digits) return false;
  for (char c : text) {
    if (hex_digit_value(c) < 0) return false;
  }
  return true;
}

}  // namespace textcodec
