// webhook_tables.hpp: the "webhook" area of the state database.
//
// Tables:
//  - webhook_inbox: one row per verified delivery, unique on (connection, event_id); a row is
//    "undelivered" until a drain has written it durably to its output (delivered_at set).
//  - webhook_authorization_alerts: one row per (connection, account) whose authorization a
//    webhook said is gone or about to lapse; account_id '' stands for the whole connection.
// Connections are named by their connection name (the name people type).
#pragma once

#include "store/database.hpp"

namespace host::webhook {

// Brings the webhook area's tables to the newest version (cheap when they already are).
// THREADING: as Database. ERRORS: throws store::StoreError.
void migrate_webhook_tables(store::Database& db);

}  // namespace host::webhook
