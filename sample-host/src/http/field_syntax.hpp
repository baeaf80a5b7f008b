// field_syntax.hpp: the HTTP syntax checks applied to what the host puts on the wire (request
// methods and headers in the client, handler-made headers in the listener), so that no value can
// end a header line early and inject another.
#pragma once

#include <string_view>

namespace host::http {

// True for an RFC 9110 token (a method or a header name): non-empty, visible ASCII, no delimiters.
bool is_http_token(std::string_view text);

// True when a header value has no CR, LF or NUL.
bool is_safe_field_value(std::string_view value);

}  // namespace host::http
