#include "webhook/authorization_alerts.hpp"

#include <optional>

namespace host::webhook {
namespace {

std::optional<AlertKind> alert_kind_of(cnx_webhook_effect effect) {
  switch (effect) {
    case CNX_WEBHOOK_EFFECT_DEAUTHORIZED:
      return AlertKind::kDeauthorized;
    case CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING:
      return AlertKind::kAuthorizationExpiring;
    case CNX_WEBHOOK_EFFECT_NONE:
      break;
  }
  return std::nullopt;  // NONE, or an effect newer than this host
}

bool alert_table_exists(store::Database& db) {
  return db.has_table("webhook_authorization_alerts");
}

}  // namespace

std::string_view alert_kind_name(AlertKind kind) {
  return kind == AlertKind::kDeauthorized ? "deauthorized" : "authorization_expiring";
}

void record_authorization_alert(store::Database& db, std::string_view connection,
                                const VerifiedEvent& event, int64_t received_at) {
  const std::optional<AlertKind> kind = alert_kind_of(event.effect);
  if (!kind) return;
  // The newer event replaces the older one unless that would weaken the alert; between two
  // events of one severity the later occurrence wins (deliveries may arrive out of order).
  db.prepare(
        "INSERT INTO webhook_authorization_alerts(connection, account_id, severity, event_type,"
        " event_id, occurred_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (connection, account_id) DO UPDATE SET"
        " severity = excluded.severity, event_type = excluded.event_type,"
        " event_id = excluded.event_id, occurred_at = excluded.occurred_at,"
        " received_at = excluded.received_at"
        " WHERE excluded.severity > webhook_authorization_alerts.severity"
        "    OR (excluded.severity = webhook_authorization_alerts.severity"
        "        AND excluded.occurred_at >= webhook_authorization_alerts.occurred_at)")
      .bind(1, connection)
      .bind(2, event.account_id)
      .bind(3, static_cast<int64_t>(*kind))
      .bind(4, event.event_type)
      .bind(5, event.event_id)
      .bind(6, event.occurred_at)
      .bind(7, received_at)
      .run();
}

std::vector<AuthorizationAlert> authorization_alerts(store::Database& db,
                                                     std::string_view connection) {
  if (!alert_table_exists(db)) return {};
  store::Statement select = db.prepare(
      "SELECT account_id, severity, event_type, event_id, occurred_at, received_at"
      " FROM webhook_authorization_alerts WHERE connection = ?1 ORDER BY account_id");
  select.bind(1, connection);
  return store::read_rows(select, [connection](const store::Statement& row) {
    AuthorizationAlert alert;
    alert.connection = std::string(connection);
    int64_t severity = 0;
    store::read_columns(row, alert.account_id, severity, alert.event_type, alert.event_id,
                        alert.occurred_at, alert.received_at);
    alert.kind = severity >= static_cast<int64_t>(AlertKind::kDeauthorized)
                     ? AlertKind::kDeauthorized
                     : AlertKind::kAuthorizationExpiring;
    return alert;
  });
}

int clear_authorization_alerts(store::Database& db, std::string_view connection,
                               const std::string* account_id) {
  if (!alert_table_exists(db)) return 0;
  if (account_id != nullptr) {
    db.prepare("DELETE FROM webhook_authorization_alerts WHERE connection = ?1 AND account_id = ?2")
        .bind(1, connection)
        .bind(2, *account_id)
        .run();
  } else {
    db.prepare("DELETE FROM webhook_authorization_alerts WHERE connection = ?1")
        .bind(1, connection)
        .run();
  }
  return db.changes();
}

}  // namespace host::webhook
