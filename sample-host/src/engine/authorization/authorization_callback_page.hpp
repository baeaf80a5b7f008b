// authorization_callback_page.hpp: what the host's OAuth callback answers the browser: a short
// page that says what happened to this redirect, with a status that matches it.
#pragma once

#include <string>
#include <string_view>

#include "http/http_listener.hpp"

namespace host::engine {

// What the callback made of one redirect. Only kReceived and kRefusedByShop end the waiting
// authorization; the others are ignored (they cannot be tied to it) and the wait goes on.
enum class CallbackVerdict {
  kReceived,       // the expected state and a code: 200
  kRefusedByShop,  // the expected state and an error word (the person or shop said no): 403
  kWrongState,     // a state that is not this attempt's (another attempt's, or forged): 400
  kReusedState,    // this attempt's state again, after the attempt was already answered: 409
  kMissingState,   // no state, and --allow-missing-state was not given: 400
  kUnreadable,     // neither a code nor an error, or a malformed query (no state to trust): 400
};

// A page for `verdict`. `detail` (the shop's error word, or why the redirect could not be read)
// may come from whoever sent the redirect: it is HTML-escaped.
http::OutgoingResponse callback_page(CallbackVerdict verdict, std::string_view detail);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace host::engine
