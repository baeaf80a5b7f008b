#include "webhook/inbox_store.hpp"

#include <algorithm>
#include <charconv>

#include "store/process_alive.hpp"
#include "webhook/authorization_alerts.hpp"

namespace host::webhook {

StoreOutcome store_event_in_transaction(store::Database& db, std::string_view connection,
                                        const VerifiedEvent& event, std::string_view raw_body,
                                        int64_t received_at) {
  db.prepare(
        "INSERT INTO webhook_inbox(connection, event_id, event_type, account_id, occurred_at,"
        " received_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (connection, event_id) DO NOTHING")
      .bind(1, connection)
      .bind(2, event.event_id)
      .bind(3, event.event_type)
      .bind(4, event.account_id)
      .bind(5, event.occurred_at)
      .bind(6, received_at)
      .bind_blob(
          7, std::span(reinterpret_cast<const unsigned char*>(raw_body.data()), raw_body.size()))
      .run();
  if (db.changes() == 0) return StoreOutcome::kDuplicate;
  // A retried delivery of an event already stored must not re-raise an alert that a person
  // has since cleared by authorizing again, hence only for new events.
  record_authorization_alert(db, connection, event, received_at);
  return StoreOutcome::kStored;
}

StoreOutcome store_event(store::Database& db, std::string_view connection,
                         const VerifiedEvent& event, std::string_view raw_body,
                         int64_t received_at) {
  StoreOutcome outcome = StoreOutcome::kDuplicate;
  db.transaction(
      [&] { outcome = store_event_in_transaction(db, connection, event, raw_body, received_at); });
  return outcome;
}

std::vector<InboxEvent> read_undelivered(store::Database& db, std::string_view connection,
                                         int64_t after_row_id, size_t limit) {
  store::Statement select = db.prepare(
      "SELECT id, event_id, event_type, account_id, occurred_at, received_at, body"
      " FROM webhook_inbox WHERE connection = ?1 AND delivered_at IS NULL AND id > ?2"
      " ORDER BY id LIMIT ?3");
  select.bind(1, connection).bind(2, after_row_id).bind(3, static_cast<int64_t>(limit));
  return store::read_rows(select, [connection](const store::Statement& row) {
    InboxEvent e;
    e.connection = std::string(connection);
    store::read_columns(row, e.row_id, e.event_id, e.event_type, e.account_id, e.occurred_at,
                        e.received_at);
    e.body = row.column_blob(6);  // the bytes as delivered, not text
    return e;
  });
}

namespace {

// The pid in "HOST:PID:N" when HOST is this machine, else 0.
int64_t local_pid_of(std::string_view claimant) {
  const std::string& host = store::this_host();
  if (claimant.size() <= host.size() || claimant.substr(0, host.size()) != host ||
      claimant[host.size()] != ':') {
    return 0;
  }
  const std::string_view rest = claimant.substr(host.size() + 1);
  int64_t pid = 0;
  std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  return pid;
}

}  // namespace

std::vector<InboxEvent> claim_undelivered(store::Database& db, std::string_view connection,
                                          std::string_view claimant, int64_t now,
                                          int64_t lease_seconds, size_t limit) {
  // Claims of drains of this machine whose process is gone are free now, not at their expiry.
  std::vector<std::string> holders;
  {
    store::Statement select = db.prepare(
        "SELECT DISTINCT claimed_by FROM webhook_inbox WHERE connection = ?1 AND"
        " delivered_at IS NULL AND claimed_until >= ?2 AND claimed_by <> ''");
    select.bind_all(connection, now);
    while (select.step()) holders.push_back(select.column_text(0));
  }
  for (const std::string& holder : holders) {
    const int64_t pid = local_pid_of(holder);
    if (pid > 0 && !store::process_alive(pid)) release_claims(db, holder);
  }
  // One statement: the rows are chosen and taken atomically; PostgreSQL skips rows another
  // drain's statement is taking instead of waiting for them.
  const bool postgresql = db.backend() == store::Backend::kPostgresql;
  store::Statement claim = db.prepare(
      std::string("UPDATE webhook_inbox SET claimed_by = ?1, claimed_until = ?2 WHERE id IN"
                  " (SELECT id FROM webhook_inbox WHERE connection = ?3 AND delivered_at IS NULL"
                  " AND claimed_until < ?4 ORDER BY id LIMIT ?5") +
      (postgresql ? " FOR UPDATE SKIP LOCKED" : "") +
      ") RETURNING id, event_id, event_type, account_id, occurred_at, received_at, body");
  claim.bind_all(claimant, now + lease_seconds, connection, now, static_cast<int64_t>(limit));
  std::vector<InboxEvent> events =
      store::read_rows(claim, [connection](const store::Statement& row) {
        InboxEvent e;
        e.connection = std::string(connection);
        store::read_columns(row, e.row_id, e.event_id, e.event_type, e.account_id, e.occurred_at,
                            e.received_at);
        e.body = row.column_blob(6);
        return e;
      });
  std::sort(events.begin(), events.end(),
            [](const InboxEvent& a, const InboxEvent& b) { return a.row_id < b.row_id; });
  return events;
}

void release_claims(store::Database& db, std::string_view claimant) {
  db.prepare(
        "UPDATE webhook_inbox SET claimed_by = '', claimed_until = 0"
        " WHERE claimed_by = ?1 AND delivered_at IS NULL")
      .bind(1, claimant)
      .run();
}

void mark_delivered(store::Database& db, const std::vector<int64_t>& row_ids,
                    int64_t delivered_at) {
  if (row_ids.empty()) return;
  db.transaction([&] {
    store::Statement update = db.prepare(
        "UPDATE webhook_inbox SET delivered_at = ?1 WHERE id = ?2 AND delivered_at IS NULL");
    for (int64_t id : row_ids) {
      update.reset();
      update.bind(1, delivered_at).bind(2, id).run();
    }
  });
}

int64_t count_events(store::Database& db, std::string_view connection, bool undelivered_only) {
  store::Statement count = db.prepare(
      undelivered_only
          ? "SELECT count(*) FROM webhook_inbox WHERE connection = ?1 AND delivered_at IS NULL"
          : "SELECT count(*) FROM webhook_inbox WHERE connection = ?1");
  count.bind(1, connection);
  return count.step() ? count.column_int(0) : 0;
}

}  // namespace host::webhook
