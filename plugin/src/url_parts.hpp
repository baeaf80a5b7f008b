// url_parts.hpp: splitting absolute http(s) URLs into their parts, without decoding.
#pragma once

#include <string_view>

namespace tts {

// Views into the URL passed to split_http_url.
struct UrlParts {
  std::string_view origin;  // "https://host[:port]"
  std::string_view path;    // "" or "/..." (still percent-encoded)
  std::string_view query;   // after "?", without it
  bool has_query = false;
  bool has_fragment = false;
};

// Splits `url` when it is an absolute http or https URL with a plausible host (letters, digits,
// "-", ".", or a bracketed IPv6 literal) and an optional port 1..65535, and holds no whitespace or
// control characters. Returns false otherwise. THREADING: pure.
bool split_http_url(std::string_view url, UrlParts& out);

}  // namespace tts
