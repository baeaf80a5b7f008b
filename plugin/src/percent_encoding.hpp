// percent_encoding.hpp: RFC 3986 percent-encoding as TikTok Shop's servers read it.
//
// Encoding keeps the unreserved set (ALPHA DIGIT - . _ ~) and writes every other byte as %XX with
// uppercase hex, so "+", "/" and "=" in a page_token travel safely. Decoding is the inverse and
// treats "+" as a literal plus (RFC 3986), not as a space (HTML forms): TikTok's tokens contain
// "+".
#pragma once

#include <string>
#include <string_view>

namespace tts {

// Appends `text` percent-encoded to `out`. Never fails. THREADING: pure.
void append_percent_encoded(std::string& out, std::string_view text);

// Returns `text` percent-encoded.
std::string percent_encode(std::string_view text);

// Appends the decoded form of `text` to `out`. Returns false (leaving `out` partly appended) when
// a "%" is not followed by two hex digits. The decoded form is never longer than `text`.
bool append_percent_decoded(std::string& out, std::string_view text);

// Calls `visit(key, value)` for each non-empty "&"-separated pair of an encoded query, both still
// encoded; a pair without "=" has an empty value. Stops early when `visit` returns false and then
// returns false itself.
template <typename Visit>
bool for_each_query_pair(std::string_view query, Visit&& visit) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!visit(pair.substr(0, eq), value)) return false;
  }
  return true;
}

}  // namespace tts
