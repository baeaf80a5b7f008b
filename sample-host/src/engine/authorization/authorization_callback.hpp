// authorization_callback.hpp: the host's OAuth callback endpoint: a listener on the redirect
// URI's loopback address that judges every redirect on its path against the attempt's state and
// hands the first one that belongs to the attempt to a waiter.
//
// A redirect belongs to the attempt when it carries the attempt's state (or no state, when the
// attempt allows that). Any other redirect (a wrong state, no state, no code) is answered with a
// page that says why, counted and logged, and does not end the wait: a forged or stale redirect
// cannot cut the real authorization short. Nothing the sender wrote reaches the log, and the
// pages show it only HTML-escaped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <connector_abi/connector_abi.h>

#include "engine/authorization/authorization_callback_page.hpp"
#include "engine/authorization/authorization_flow.hpp"
#include "engine/calls/connector_call.hpp"
#include "http/http_listener.hpp"
#include "store/secret_box.hpp"

namespace host::engine {

// What a redirect that belongs to the attempt carried, as the connector read it.
struct CallbackOutcome {
  cnx_status status = CNX_STATUS_OK;  // OK: a code; REAUTHORIZE: refused by the shop
  store::SecretString code;
  std::string state;
  bool state_present = false;
  std::string error;  // the remote error word when refused
};

// The redirect (its query) as the connector reads it; `explanation` is set when it cannot be read
// (neither a code nor a refusal, or a malformed query: no state to trust).
CallbackOutcome read_redirect(const ConnectorTarget& target, std::string_view query,
                              std::string* explanation);

// Constant-time comparison of a redirect's state with an attempt's.
bool same_state(std::string_view a, std::string_view b);

// The redirects the callback ignored so far, by reason.
struct IgnoredCallbacks {
  int wrong_state = 0;          // includes a reused state after the attempt was answered
  int missing_state = 0;        // without state while the attempt does not allow that
  int unreadable = 0;           // neither code nor error, or a malformed query
  std::string last_unreadable;  // the connector's explanation of the last unreadable one
  int total() const { return wrong_state + missing_state + unreadable; }
};

// What ties a redirect to this attempt.
struct CallbackExpectation {
  std::string state;                 // the attempt's CSRF state (secret-grade random)
  bool allow_missing_state = false;  // accept a redirect without state (an app store install)
};

// THREADING: the listener's threads deliver; one other thread waits.
class AuthorizationCallback {
 public:
  // Binds the endpoint. ERRORS: throws std::runtime_error naming the address (e.g. in use).
  // OWNERSHIP: target.connection is borrowed and must outlive this callback.
  AuthorizationCallback(const CallbackEndpoint& endpoint, ConnectorTarget target,
                        CallbackExpectation expectation);
  ~AuthorizationCallback();

  // Waits for the first redirect that belongs to the attempt; nullopt after `timeout`.
  std::optional<CallbackOutcome> wait(std::chrono::seconds timeout);

  // The redirects ignored so far.
  IgnoredCallbacks ignored();

  // The port it listens on: the endpoint's, or the one the system chose when that was 0.
  uint16_t port() const { return listener_->port(); }

 private:
  http::OutgoingResponse handle(const http::IncomingRequest& request);
  // Records an ignored redirect and logs it (without anything the sender wrote).
  void count_ignored(CallbackVerdict verdict, const std::string& explanation);

  std::string path_;
  ConnectorTarget target_;
  CallbackExpectation expectation_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  bool answered_ = false;  // a redirect that belongs to the attempt arrived (maybe taken already)
  std::optional<CallbackOutcome> outcome_;
  IgnoredCallbacks ignored_;
  std::unique_ptr<http::Listener> listener_;  // last: stops before the members it uses go
};

}  // namespace host::engine
