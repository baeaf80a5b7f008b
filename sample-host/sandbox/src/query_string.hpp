// query_string.hpp: splitting and percent-decoding a request target the way TikTok's gateway does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

// Percent-decodes `in`; when `plus_is_space` a '+' becomes ' ' (query strings, form style).
// Returns nullopt for a malformed escape ("%G1", a trailing '%').
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Splits "a=1&b=x%2By" into decoded pairs in arrival order. Empty segments are skipped; a segment
// without '=' is a key with an empty value. Returns nullopt when any escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view raw);

// The items of a comma-separated query value ("id1,id2,id3", as TikTok takes order_ids and
// category_ids), in order; empty items are dropped.
std::vector<std::string> split_comma_list(std::string_view joined);

// Percent-encodes everything except RFC 3986 unreserved characters (for redirect URLs).
std::string percent_encode(std::string_view in);

// The media type of a Content-Type header value, lower-cased, without parameters or spaces:
// "Multipart/Form-Data; boundary=x" -> "multipart/form-data".
std::string media_type(std::string_view content_type);

}  // namespace sandbox
