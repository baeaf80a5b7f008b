// percent_encoding.hpp: RFC 3986 percent-encoding as TikTok Shop's servers read it.
//
// Encoding keeps the unreserved set (ALPHA DIGIT - . _ ~) and writes every other byte as %XX with
// uppercase hex, so "+", "/" and "=" in a page_token travel safely. Decoding is the inverse and
// treats "+" as a literal plus (RFC 3986), not as a space (HTML forms): TikTok's tokens contain "+".
#pragma once

#include <string>
#include <string_view>

namespace tts {

// Appends `text` percent-encoded to `out`. Never fails. THREADING: pure.
void AppendPercentEncoded(std::string& out, std::string_view text);

// Returns `text` percent-encoded.
std::string PercentEncode(std::string_view text);

// Appends the decoded form of `text` to `out`. Returns false (leaving `out` partly appended) when
// a "%" is not followed by two hex digits. The decoded form is never longer than `text`.
bool AppendPercentDecoded(std::string& out, std::string_view text);

}  // namespace tts
