// authorization_alerts.hpp: which shops of a connection need authorizing again, as webhooks said.
//
// A SELLER_DEAUTHORIZATION event (effect DEAUTHORIZED) or an UPCOMING_AUTHORIZATION_EXPIRATION
// event (effect AUTHORIZATION_EXPIRING) leaves one alert per (connection, shop); an event that
// names no shop leaves an alert for the whole connection (account_id empty). An alert never
// weakens: once DEAUTHORIZED, a later EXPIRING event for the same shop keeps DEAUTHORIZED.
// Alerts stay until clear_authorization_alerts (call it after a successful authorization).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "webhook/inbox_store.hpp"

namespace host::webhook {

// Ordered by severity: a larger value is worse.
enum class AlertKind {
  kAuthorizationExpiring = 1,  // the authorization lapses soon: renew it
  kDeauthorized = 2,           // the seller revoked it: authorize again
};

// "authorization_expiring" or "deauthorized", for listings and JSON.
std::string_view alert_kind_name(AlertKind kind);

struct AuthorizationAlert {
  std::string connection;
  std::string account_id;  // the shop id; empty when the alert covers the whole connection
  AlertKind kind = AlertKind::kAuthorizationExpiring;
  std::string event_type;  // the webhook type that raised it, e.g. "SELLER_DEAUTHORIZATION"
  std::string event_id;
  int64_t occurred_at = 0;  // when the remote side says it happened (Unix seconds, 0 unknown)
  int64_t received_at = 0;  // when this host stored it (Unix seconds)
};

// The alerts of `connection`, connection-wide first, then by shop id. Empty when there are none
// or when the webhook tables do not exist yet (this function never writes, so a read-only
// listing may call it). THREADING: as Database. ERRORS: throws store::StoreError.
std::vector<AuthorizationAlert> authorization_alerts(store::Database& db,
                                                     std::string_view connection);

// Removes the alerts of `connection` (only the one for `account_id` when given; the
// connection-wide one has account_id ""). Returns how many were removed. Harmless when the
// webhook tables do not exist yet. ERRORS: throws store::StoreError.
int clear_authorization_alerts(store::Database& db, std::string_view connection,
                               const std::string* account_id = nullptr);

// Records the alert an event implies (nothing for CNX_WEBHOOK_EFFECT_NONE or an unknown effect).
// REQUIRES: inside a transaction on `db`; the webhook tables exist. ERRORS: throws StoreError.
void record_authorization_alert(store::Database& db, std::string_view connection,
                                const VerifiedEvent& event, int64_t received_at);

}  // namespace host::webhook
