// base64.hpp: standard base64 (RFC 4648 section 4: "+/" alphabet, "=" padding), no line breaks.
//
// ERRORS: decoding reports false for anything that is not canonical padded base64; nothing here
// throws except std::bad_alloc. THREADING: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace textcodec {

std::string to_base64(std::string_view bytes);

// Decodes `text` into `out` (replacing its contents). Returns false, with `out` unspecified, when
// the length is not a multiple of 4, a character is outside the alphabet, or "=" appears anywhere
// but the last one or two places.
bool decode_base64(std::string_view text, std::string& out);

}  // namespace textcodec
