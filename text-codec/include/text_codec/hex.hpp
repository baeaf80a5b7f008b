// hex.hpp: bytes as lowercase hexadecimal digits, and back.
//
// ERRORS: nothing here throws except std::bad_alloc from the std::string results; a decode that
// fails reports false and leaves the output unspecified (the caller wipes it when it is secret).
// THREADING: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace textcodec {

// The value of one hex digit (either case), or -1 when `c` is not one.
int hex_digit_value(char c) noexcept;

// Writes 2 * bytes.size() lowercase digits into `out`. REQUIRES: out.size() >= 2 * bytes.size().
// For secrets: the caller owns (and wipes) the buffer, no std::string copy is made.
void write_hex(std::span<const unsigned char> bytes, std::span<char> out) noexcept;

// The lowercase hex of `bytes`.
std::string to_hex(std::span<const unsigned char> bytes);
std::string to_hex(std::string_view bytes);

// Decodes exactly 2 * out.size() hex digits (either case) into `out`. Returns false when `text`
// has another length or holds a character that is not a hex digit.
bool decode_hex(std::string_view text, std::span<unsigned char> out) noexcept;

// True when `text` is exactly `digits` hex digits (either case).
bool is_hex(std::string_view text, size_t digits) noexcept;

}  // namespace textcodec
