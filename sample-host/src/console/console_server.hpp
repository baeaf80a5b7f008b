// console_server.hpp: `connector-host serve`'s server: static files, the session and CSRF
// rules, the JSON API and the OAuth callback, on one http::Listener.
//
// Request order: 413 for a body over kMaxBodyBytes (by the listener); the callback path; the
// access-token exchange at "/?access="; /api/v1: 401 without a session, 403 for a
// state-changing request without the session's CSRF token or with another content type; the
// route; static files for the rest. Every answer carries the security headers.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "console/authorization_attempts.hpp"
#include "console/console_api.hpp"
#include "console/console_runs.hpp"
#include "console/console_sessions.hpp"
#include "console/password_hash.hpp"
#include "http/http_listener.hpp"

namespace host::console {

inline constexpr size_t kMaxBodyBytes = 64u << 10;
inline constexpr const char* kCallbackPath = "/connection/oauth2callback";

struct ConsoleOptions {
  engine::HostPaths paths;
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  std::filesystem::path web_dir;
  std::filesystem::path flow_dir;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  // Set: sessions come from POST /api/v1/login with this password, and the access token is
  // not offered.
  std::shared_ptr<const PasswordHash> password;
  // How long an authorization started here waits for the shop's redirect (its state's life).
  int64_t authorization_timeout_seconds = kAttemptSeconds;
  // The workers the console's runs go to, shared with serve's scheduler; null: the console's
  // own (engine::RunWorkersOptions's defaults).
  std::shared_ptr<engine::RunWorkers> run_workers;
};

// THREADING: requests are served on the listener's threads; the public methods are safe from
// any thread.
class ConsoleServer {
 public:
  // Binds and serves. ERRORS: throws std::runtime_error naming the address.
  explicit ConsoleServer(ConsoleOptions options);
  ~ConsoleServer();

  uint16_t port() const;
  // "http://127.0.0.1:PORT/?access=TOKEN", the URL printed once ("http://127.0.0.1:PORT/" with a
  // password).
  std::string access_url() const;
  void stop();

  // One request, as the listener hands it over (public for tests that skip the socket).
  http::OutgoingResponse handle(const http::IncomingRequest& request);

 private:
  http::OutgoingResponse route(const http::IncomingRequest& request);
  http::OutgoingResponse api(const http::IncomingRequest& request, std::string_view path);
  http::OutgoingResponse access(const http::IncomingRequest& request);
  http::OutgoingResponse login(const http::IncomingRequest& request);
  http::OutgoingResponse with_session_cookie(http::OutgoingResponse response,
                                             const std::string& session) const;

  ConsoleOptions options_;
  ConsoleSessions sessions_;
  AuthorizationAttempts attempts_;
  ConsoleRuns runs_;
  std::mutex login_mutex_;  // one password check at a time: guesses cost their full hash each
  ConsoleContext context_;
  std::unique_ptr<http::Listener> listener_;  // last: stops before the members it uses go
};

}  // namespace host::console
