// console_http.hpp: the shapes every console answer takes (JSON, the error object, 422 with
// field pointers, the security headers) and the bits of a request the console reads (path,
// query parameters, cookies).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/http_listener.hpp"
#include "manifest/manifest_problem.hpp"

namespace host::console {

// The Content-Security-Policy of every answer: nothing inline, nothing from elsewhere.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

// `body` with `status` and `content_type`.
http::OutgoingResponse body_response(int status, std::string_view content_type, std::string body);

// `body` (JSON text) with `status`.
http::OutgoingResponse json_response(int status, std::string body);

// {"error":{"message":MESSAGE}} with `status`.
http::OutgoingResponse error_response(int status, std::string_view message);

// 422 {"error":{"message":MESSAGE,"fields":[{"pointer","message"}...]}}.
http::OutgoingResponse problems_response(std::string_view message,
                                         const std::vector<manifest::ManifestProblem>& problems);

// A short HTML page (the answers a browser navigates to: the callback's, a spent access token).
// `heading` and `text` are HTML-escaped.
http::OutgoingResponse page_response(int status, std::string_view heading, std::string_view text);

// Adds the headers every answer carries (CSP, nosniff, no referrer; no-store when `api`).
void add_security_headers(http::OutgoingResponse& response, bool api);

// The target's path (before '?').
std::string_view target_path(std::string_view target);

// The first query parameter `name` of `target`, percent-decoded ('+' is a space); empty when
// absent.
std::string query_parameter(std::string_view target, std::string_view name);

// The value of cookie `name` in the request's Cookie headers; empty when absent.
std::string cookie_value(const http::IncomingRequest& request, std::string_view name);

// Percent-decodes `text` ('+' is a space); *ok is false (and the result empty) for a malformed
// escape.
std::string percent_decode(std::string_view text, bool* ok);

}  // namespace host::console
