// console_sessions.hpp: who may use the console. The URL `serve` prints carries a one-time
// access token; the browser that opens it gets a session (an HttpOnly, SameSite=Strict cookie)
// and, per session, a CSRF token that every state-changing request must echo in a header.
// With a configured password, a login exchanges the password for a session instead.
//
// Tokens and session ids are 32 random bytes as hex; comparisons are constant-time. Sessions live
// in memory: restarting `serve` ends them.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace host::console {

inline constexpr const char* kSessionCookie = "cnx_session";

// THREADING: every method may be called from many threads at once.
class ConsoleSessions {
 public:
  ConsoleSessions();  // makes the access token. ERRORS: throws when the CSPRNG fails

  // The token for the printed URL. Empty once redeemed.
  std::string access_token() const;

  // Spends the access token when `token` is it: returns the new session's id.
  std::optional<std::string> redeem_access_token(std::string_view token);

  // A new session (after a password login).
  std::string open_session();

  // The CSRF token of session `session_id`, or nullopt when there is no such session.
  std::optional<std::string> csrf_token(std::string_view session_id) const;

 private:
  mutable std::mutex mutex_;
  std::string access_token_;
  std::unordered_map<std::string, std::string> csrf_by_session_;
};

// Constant-time equality of two secrets (lengths are not secret).
bool same_secret(std::string_view a, std::string_view b);

}  // namespace host::console
