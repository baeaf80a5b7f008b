// parsed_url.hpp: the parts of an absolute http(s) URL the client needs to connect and send.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace host::http {

struct ParsedUrl {
  bool tls = false;  // https
  std::string host;  // for resolving, SNI and certificate checks; IPv6 without brackets
  std::string
      host_header;       // the Host header value: host (bracketed if IPv6), ":port" if not default
  uint16_t port = 0;     // explicit or the scheme's default
  std::string target;    // origin-form request target: path (at least "/") and "?query"
  std::string origin;    // "scheme://host:port": the keep-alive pool key
  std::string redacted;  // "scheme://host:port/path" with no query: safe for error messages
};

struct UrlParseResult {
  bool ok = false;
  ParsedUrl url;
  std::string error;  // when !ok; never repeats the query (it may carry secrets)
};

// Parses an absolute http:// or https:// URL. Fragments are dropped; user info is refused (the
// client never sends credentials taken from a URL).
UrlParseResult parse_url(std::string_view url);

}  // namespace host::http
