// authorization_browser.hpp: the built-in "browser" for unattended authorization (the demo and
// the tests): it opens the authorize URL and follows redirects until the host's own callback
// has answered, as a person's browser would after they approve.
#pragma once

#include <string>

#include "http/http_client.hpp"

namespace host::engine {

// GETs `url` and follows up to 10 redirects. ERRORS: throws AuthorizationError when a step fails
// at the transport level or the chain ends on an error status (the callback's own answers
// included: those are reported by the waiting side, so only transport failures throw here).
void browse_to_callback(http::Client& http, const std::string& url);

}  // namespace host::engine
