// authorization_callback.hpp: the host's OAuth callback endpoint: a listener on the redirect
// URI's loopback address that accepts the first redirect on its path and hands it to a waiter.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <connector_abi/connector_abi.h>

#include "engine/authorization_flow.hpp"
#include "http/http_listener.hpp"
#include "store/secret_box.hpp"

namespace host::engine {

// What the redirect carried, as the connector read it.
struct CallbackOutcome {
  cnx_status status = CNX_STATUS_OK;  // OK: a code; REAUTHORIZE: refused; else unreadable
  store::SecretString code;
  std::string state;
  bool state_present = false;
  std::string error;    // the remote error word when refused
  std::string message;  // the connector's explanation when unreadable
};

// THREADING: the listener's threads deliver; one other thread waits.
class AuthorizationCallback {
 public:
  // Binds the endpoint. ERRORS: throws std::runtime_error naming the address (e.g. in use).
  AuthorizationCallback(const CallbackEndpoint& endpoint, const cnx_connector_api& api,
                        const cnx_connection* connection);
  ~AuthorizationCallback();

  // Waits for the first redirect; nullopt after `timeout`.
  std::optional<CallbackOutcome> wait(std::chrono::seconds timeout);

 private:
  http::OutgoingResponse handle(const http::IncomingRequest& request);

  std::string path_;
  const cnx_connector_api& api_;
  const cnx_connection* connection_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<CallbackOutcome> outcome_;
  std::unique_ptr<http::Listener> listener_;  // last: stops before the members it uses go
};

}  // namespace host::engine
