// inbox_store.hpp: the webhook inbox: verified deliveries kept durably until a drain delivers them.
//
// A delivery is acknowledged (HTTP 200) only after store_event has committed, so an acknowledged
// event is never lost; the unique (connection, event_id) key makes retried deliveries harmless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <connector_abi/connector_abi.h>

#include "store/database.hpp"

namespace host::webhook {

// What the connector's verify_webhook said about a delivery, copied out of plugin memory.
struct VerifiedEvent {
  std::string event_id;    // the de-duplication key (the sender's notification id)
  std::string event_type;  // e.g. "ORDER_STATUS_CHANGE"
  std::string account_id;  // the shop the event is about; may be empty
  int64_t occurred_at = 0;
  cnx_webhook_effect effect = CNX_WEBHOOK_EFFECT_NONE;
};

enum class StoreOutcome {
  kStored,     // a new row was committed
  kDuplicate,  // the connection already had this event id; nothing changed
};

// Stores one verified delivery with its raw body in one transaction: the inbox row and, when the
// event is new and its effect is an authorization effect, the authorization alert (see
// authorization_alerts.hpp). `received_at` is Unix seconds.
// REQUIRES: migrate_webhook_tables(db) has run on this database file.
// THREADING: as Database. ERRORS: throws store::StoreError (nothing is committed then).
StoreOutcome store_event(store::Database& db, std::string_view connection,
                         const VerifiedEvent& event, std::string_view raw_body,
                         int64_t received_at);

// store_event without its own transaction, for callers that commit several events together.
// REQUIRES: inside a transaction on `db`. ERRORS: throws store::StoreError.
StoreOutcome store_event_in_transaction(store::Database& db, std::string_view connection,
                                        const VerifiedEvent& event, std::string_view raw_body,
                                        int64_t received_at);

// One inbox row.
struct InboxEvent {
  int64_t row_id = 0;
  std::string connection;
  std::string event_id;
  std::string event_type;
  std::string account_id;
  int64_t occurred_at = 0;
  int64_t received_at = 0;
  std::string body;  // the raw bytes that were verified
};

// Up to `limit` undelivered events of `connection` with row ids above `after_row_id`, oldest
// first. ERRORS: throws store::StoreError.
std::vector<InboxEvent> read_undelivered(store::Database& db, std::string_view connection,
                                         int64_t after_row_id, size_t limit);

// Takes up to `limit` undelivered events of `connection` for `claimant` ("HOST:PID:N", one per
// drain) until now + `lease_seconds`, in arrival order: events no other drain holds, or whose
// drain's lease ran out, or whose drain was a process of this machine that is gone. Several drains
// at once (threads, processes, hosts sharing a state in PostgreSQL, where rows another drain is
// taking are skipped, not waited for) each get events no other gets.
std::vector<InboxEvent> claim_undelivered(store::Database& db, std::string_view connection,
                                          std::string_view claimant, int64_t now,
                                          int64_t lease_seconds, size_t limit);
// Gives back what `claimant` holds and has not marked delivered (a drain that failed half-way).
void release_claims(store::Database& db, std::string_view claimant);

// Marks the given rows delivered at `delivered_at`, all in one transaction.
// ERRORS: throws store::StoreError (then none is marked).
void mark_delivered(store::Database& db, const std::vector<int64_t>& row_ids, int64_t delivered_at);

// How many events the inbox holds for `connection` (all, or only the undelivered ones).
int64_t count_events(store::Database& db, std::string_view connection, bool undelivered_only);

}  // namespace host::webhook
