// plain_http_policy.hpp: which plain http:// requests the client sends.
//
// Requests carry credentials (an app secret in a token request's query, access tokens, signed
// queries): over plain HTTP anyone on the path reads them. Plain HTTP is for loopback (a local
// sandbox, the host's own callback); anything else needs the caller's explicit opt-in.
#pragma once

#include <string_view>

#include "http/parsed_url.hpp"

namespace host::http {

// True for "localhost", 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8 (host as in ParsedUrl:
// IPv6 without brackets). Names other than localhost are not resolved: a name is not loopback.
bool is_loopback_host(std::string_view host);

// True when `url` is plain http:// to a host that is not loopback.
bool is_plain_http_to_remote(const ParsedUrl& url);

}  // namespace host::http
