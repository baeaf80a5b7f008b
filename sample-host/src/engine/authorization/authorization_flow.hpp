// authorization_flow.hpp: `connector-host authorize NAME`: sends a person (or the built-in
// browser) to the connector's authorize page, receives the redirect on the host's own callback,
// checks its state (CSRF), exchanges the code and stores the tokens and the authorized scopes.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/connections/host_state.hpp"
#include "store/token_store.hpp"

namespace host::engine {

struct AuthorizeOptions {
  // Accept a redirect without state (an install started from an app store). Off by default.
  bool allow_missing_state = false;
  std::chrono::seconds timeout{300};
  // Act as the person's browser: GET the authorize URL and follow its redirects to the callback.
  bool builtin_browser = false;
  // An extra CA to trust for HTTPS; empty: the connection's own (if any). After a successful
  // authorization it becomes the connection's own (absolute), as if its manifest's ca_file.
  std::filesystem::path ca_file;
};

struct AuthorizeResult {
  store::TokenSummary tokens;
  std::vector<store::ScopeRow> scopes;
  // The webhook alerts (deauthorized, authorization expiring) the fresh authorization answered
  // and cleared.
  int alerts_cleared = 0;
};

// A refusal, a timeout, a wrong or missing state, a failed exchange. Never contains a secret.
class AuthorizationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs the whole authorization for connection `name`, printing the redirect URI to register and
// the authorize URL to `out`. ERRORS: throws AuthorizationError or std::runtime_error.
AuthorizeResult authorize_connection(HostState& state, const std::string& name,
                                     const AuthorizeOptions& options, std::ostream& out);

// Where a redirect URI is served: the listener's address and port, and the path to answer.
struct CallbackEndpoint {
  std::string address;  // a loopback address to bind
  uint16_t port = 0;
  std::string path;
};

// ERRORS: throws AuthorizationError for a URI that is not absolute http(s).
CallbackEndpoint callback_endpoint_for(std::string_view redirect_uri);

}  // namespace host::engine
