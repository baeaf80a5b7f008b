#include "webhook/webhook_tables.hpp"

#include <array>
#include <string_view>

namespace host::webhook {
namespace {

// Append-only: a shipped step never changes; new versions add steps.
constexpr std::array<std::string_view, 2> kWebhookMigrations = {
    R"sql(
CREATE TABLE webhook_inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  connection TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  account_id TEXT NOT NULL DEFAULT '',
  occurred_at INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  delivered_at INTEGER,
  UNIQUE (connection, event_id)
);
CREATE INDEX webhook_inbox_undelivered ON webhook_inbox (connection, id)
  WHERE delivered_at IS NULL;
CREATE TABLE webhook_authorization_alerts (
  connection TEXT NOT NULL,
  account_id TEXT NOT NULL,
  severity INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  event_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (connection, account_id)
);
)sql",
    // 2: the drain that holds an undelivered event, and until when (several drains, on several
    // hosts, take disjoint events: inbox_store.hpp claim_undelivered).
    R"sql(
ALTER TABLE webhook_inbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_inbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
)sql"};

}  // namespace

void migrate_webhook_tables(store::Database& db) { db.migrate("webhook", kWebhookMigrations); }

}  // namespace host::webhook
