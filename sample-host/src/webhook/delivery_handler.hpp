// delivery_handler.hpp: one webhook delivery, from HTTP request to HTTP response.
//
// The rules it keeps (the senders', and the host's durability promise):
//  - only POST to the configured path is a delivery (other paths 404, other methods 405);
//  - the signature is checked by the connector's verify_webhook over the body bytes exactly as
//    received; a missing or wrong signature (or an unreadable envelope) gets 401, nothing stored;
//  - a verified event is committed to the inbox before the 200 goes out, so an acknowledged
//    event survives a crash; a repeated event id is acknowledged again and not stored twice;
//  - when the inbox cannot be written the answer is 503, so the sender delivers again later;
//  - the reply to a delivery has an empty body.
// One log line per delivery names the event type, id, shop and outcome; never the body or the
// signature.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <connector_abi/connector_abi.h>

#include "http/http_listener.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook/inbox_writer.hpp"

namespace host::webhook {

enum class DeliveryOutcome {
  kStored,          // 200: verified and committed
  kDuplicate,       // 200: verified, already in the inbox
  kRejected,        // 401: signature missing or wrong, or envelope unreadable
  kWrongPath,       // 404
  kWrongMethod,     // 405
  kVerifierFailed,  // 500: the connector failed in another way (its bug); sender retries
  kStoreFailed,     // 503: the inbox could not be written; sender retries
};

// A short word for logs: "stored", "duplicate", "rejected", ...
std::string_view outcome_name(DeliveryOutcome outcome);

struct DeliveryResult {
  http::OutgoingResponse response;
  DeliveryOutcome outcome = DeliveryOutcome::kRejected;
  VerifiedEvent event;  // filled for kStored, kDuplicate and kStoreFailed
  std::string reason;   // why it was refused (the connector's sentence, never a secret)
};

// Where deliveries for one connection arrive and go.
struct DeliveryTarget {
  const cnx_connector_api* api = nullptr;      // the connector's table
  const cnx_connection* connection = nullptr;  // opened; verifies with its app key and secret
  std::string connection_name;                 // the inbox key
  std::string path;  // the only path that takes deliveries (see delivery_path.hpp)
  // Unix seconds for received_at; empty = the system clock (tests pass a fixed one).
  std::function<int64_t()> now_unix_seconds;
};

// Handles deliveries for one connection. OWNERSHIP: borrows the api table, the connection and
// the writer; all must outlive the handler. THREADING: handle() may run on many threads at once
// (verify_webhook is thread-safe on one connection; the writer commits them in groups).
class DeliveryHandler {
 public:
  DeliveryHandler(DeliveryTarget target, InboxWriter& inbox);

  // Verifies, stores and answers one request. Never throws.
  DeliveryResult handle(const http::IncomingRequest& request) const;

  // handle() plus the one log line; what a Listener serves.
  http::OutgoingResponse operator()(const http::IncomingRequest& request) const;

 private:
  DeliveryResult verify(const http::IncomingRequest& request) const;
  int64_t now() const;

  DeliveryTarget target_;
  InboxWriter& inbox_;
};

}  // namespace host::webhook
