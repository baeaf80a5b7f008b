#include "engine/flows/import/ledger_store.hpp"

#include <ctime>
#include <string_view>

#include "store/database.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kMigrations[] = {
    // 1: a row per (flow, idempotency key).
    "CREATE TABLE import_ledger ("
    "  flow TEXT NOT NULL,"
    "  idempotency_key TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),"
    "  attempts INTEGER NOT NULL,"
    "  remote_code INTEGER NOT NULL DEFAULT 0,"
    "  message TEXT NOT NULL DEFAULT '',"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (flow, idempotency_key));",
    // 2: a row per (flow, idempotency key, target). Version-1 rows keep their outcome with
    // target 0 (unbound) until the next run of their flow adopts them (ledger_store.hpp). The
    // key comes before the target so that "this record, any target" is an index prefix.
    "CREATE TABLE import_targets ("
    "  id INTEGER PRIMARY KEY,"
    "  definition TEXT NOT NULL UNIQUE);"
    "CREATE TABLE import_ledger_v2 ("
    "  flow TEXT NOT NULL,"
    "  idempotency_key TEXT NOT NULL,"
    "  target INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),"
    "  attempts INTEGER NOT NULL,"
    "  remote_code INTEGER NOT NULL DEFAULT 0,"
    "  message TEXT NOT NULL DEFAULT '',"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (flow, idempotency_key, target));"
    "INSERT INTO import_ledger_v2(flow, idempotency_key, target, status, attempts, remote_code,"
    "  message, updated_at)"
    "  SELECT flow, idempotency_key, 0, status, attempts, remote_code, message, updated_at"
    "  FROM import_ledger;"
    "DROP TABLE import_ledger;"
    "ALTER TABLE import_ledger_v2 RENAME TO import_ledger;",
};

constexpr int64_t kUnbound = 0;  // the target of a version-1 row

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

LedgerStatus parse_status(const std::string& s) {
  if (s == "succeeded") return LedgerStatus::kSucceeded;
  if (s == "failed") return LedgerStatus::kFailed;
  return LedgerStatus::kInFlight;
}

class DatabaseLedgerStore : public LedgerStore {
 public:
  explicit DatabaseLedgerStore(store::Database& db) : db_(db) { migrate(); }
  explicit DatabaseLedgerStore(std::unique_ptr<store::Database> owned)
      : owned_(std::move(owned)), db_(*owned_) {
    migrate();
  }

  void migrate() { db_.migrate("engine_import", kMigrations); }

  int64_t target_id(const std::string& definition) override {
    db_.prepare("INSERT INTO import_targets(definition) VALUES (?) ON CONFLICT DO NOTHING")
        .bind(1, definition)
        .run();
    auto s = db_.prepare("SELECT id FROM import_targets WHERE definition = ?");
    s.bind(1, definition);
    s.step();
    return s.column_int(0);
  }

  int64_t adopt_unbound(const LedgerScope& scope) override {
    db_.prepare("UPDATE import_ledger SET target = ? WHERE flow = ? AND target = ?")
        .bind(1, scope.target)
        .bind(2, scope.flow)
        .bind(3, kUnbound)
        .run();
    return db_.changes();
  }

  std::optional<LedgerEntry> find(const LedgerScope& scope, const std::string& key) override {
    auto s = db_.prepare(
        "SELECT status, attempts, remote_code, message FROM import_ledger "
        "WHERE flow = ? AND idempotency_key = ? AND target = ?");
    s.bind(1, scope.flow).bind(2, key).bind(3, scope.target);
    if (!s.step()) return std::nullopt;
    return LedgerEntry{parse_status(s.column_text(0)), s.column_int(1), s.column_int(2),
                       s.column_text(3)};
  }

  std::optional<std::string> applied_elsewhere(const LedgerScope& scope,
                                               const std::string& key) override {
    auto s = db_.prepare(
        "SELECT t.definition FROM import_ledger l JOIN import_targets t ON t.id = l.target "
        "WHERE l.flow = ? AND l.idempotency_key = ? AND l.target <> ? "
        "AND l.status = 'succeeded' ORDER BY l.updated_at DESC LIMIT 1");
    s.bind(1, scope.flow).bind(2, key).bind(3, scope.target);
    if (!s.step()) return std::nullopt;
    return s.column_text(0);
  }

  LedgerEntry mark_in_flight(const LedgerScope& scope, const std::string& key) override {
    auto s = db_.prepare(
        "INSERT INTO import_ledger(flow, idempotency_key, target, status, attempts, updated_at) "
        "VALUES (?, ?, ?, 'in_flight', 1, ?) "
        "ON CONFLICT(flow, idempotency_key, target) DO UPDATE SET status = 'in_flight', "
        "attempts = import_ledger.attempts + 1, updated_at = excluded.updated_at "
        "RETURNING attempts");
    s.bind(1, scope.flow).bind(2, key).bind(3, scope.target).bind(4, now());
    LedgerEntry entry;
    if (s.step()) entry.attempts = s.column_int(0);
    while (s.step()) {
    }
    return entry;
  }

  void record_outcome(const LedgerScope& scope, const std::string& key, bool succeeded,
                      int64_t remote_code, const std::string& message) override {
    auto s = db_.prepare(
        "UPDATE import_ledger SET status = ?, remote_code = ?, message = ?, updated_at = ? "
        "WHERE flow = ? AND idempotency_key = ? AND target = ?");
    s.bind(1, succeeded ? "succeeded" : "failed").bind(2, remote_code).bind(3, message);
    s.bind(4, now()).bind(5, scope.flow).bind(6, key).bind(7, scope.target);
    s.run();
  }

 private:
  std::unique_ptr<store::Database> owned_;  // null when borrowing
  store::Database& db_;
};

}  // namespace

std::unique_ptr<LedgerStore> make_ledger_store(store::Database& db) {
  return std::make_unique<DatabaseLedgerStore>(db);
}

std::unique_ptr<LedgerStore> open_ledger_store(const store::StateLocation& state) {
  return std::make_unique<DatabaseLedgerStore>(store::Database::open(state));
}

}  // namespace host::engine
