#include "engine/ledger_store.hpp"

#include <ctime>
#include <string_view>

#include "store/database.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE import_ledger ("
    "  flow TEXT NOT NULL,"
    "  idempotency_key TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),"
    "  attempts INTEGER NOT NULL,"
    "  remote_code INTEGER NOT NULL DEFAULT 0,"
    "  message TEXT NOT NULL DEFAULT '',"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (flow, idempotency_key));",
};

LedgerStatus parse_status(const std::string& s) {
  if (s == "succeeded") return LedgerStatus::kSucceeded;
  if (s == "failed") return LedgerStatus::kFailed;
  return LedgerStatus::kInFlight;
}

class SqliteLedgerStore : public LedgerStore {
 public:
  explicit SqliteLedgerStore(store::Database& db) : db_(db) { migrate(); }
  explicit SqliteLedgerStore(std::unique_ptr<store::Database> owned)
      : owned_(std::move(owned)), db_(*owned_) {
    migrate();
  }

  void migrate() {
    db_.migrate("engine_import", kMigrations);
  }

  std::optional<LedgerEntry> find(const std::string& flow, const std::string& key) override {
    auto s = db_.prepare(
        "SELECT status, attempts, remote_code, message FROM import_ledger "
        "WHERE flow = ? AND idempotency_key = ?");
    s.bind(1, flow).bind(2, key);
    if (!s.step()) return std::nullopt;
    return LedgerEntry{parse_status(s.column_text(0)), s.column_int(1), s.column_int(2),
                       s.column_text(3)};
  }

  LedgerEntry mark_in_flight(const std::string& flow, const std::string& key) override {
    auto s = db_.prepare(
        "INSERT INTO import_ledger(flow, idempotency_key, status, attempts, updated_at) "
        "VALUES (?, ?, 'in_flight', 1, ?) "
        "ON CONFLICT(flow, idempotency_key) DO UPDATE SET status = 'in_flight', "
        "attempts = attempts + 1, updated_at = excluded.updated_at "
        "RETURNING attempts");
    s.bind(1, flow).bind(2, key).bind(3, static_cast<int64_t>(std::time(nullptr)));
    LedgerEntry entry;
    if (s.step()) entry.attempts = s.column_int(0);
    while (s.step()) {
    }
    return entry;
  }

  void record_outcome(const std::string& flow, const std::string& key, bool succeeded,
                      int64_t remote_code, const std::string& message) override {
    auto s = db_.prepare(
        "UPDATE import_ledger SET status = ?, remote_code = ?, message = ?, updated_at = ? "
        "WHERE flow = ? AND idempotency_key = ?");
    s.bind(1, succeeded ? "succeeded" : "failed").bind(2, remote_code).bind(3, message);
    s.bind(4, static_cast<int64_t>(std::time(nullptr))).bind(5, flow).bind(6, key);
    s.run();
  }

 private:
  std::unique_ptr<store::Database> owned_;  // null when borrowing
  store::Database& db_;
};

}  // namespace

std::unique_ptr<LedgerStore> make_sqlite_ledger_store(store::Database& db) {
  return std::make_unique<SqliteLedgerStore>(db);
}

std::unique_ptr<LedgerStore> open_sqlite_ledger_store(const std::filesystem::path& db_path) {
  return std::make_unique<SqliteLedgerStore>(store::Database::open(db_path));
}

const char* ledger_status_name(LedgerStatus status) {
  switch (status) {
    case LedgerStatus::kInFlight: return "in_flight";
    case LedgerStatus::kSucceeded: return "succeeded";
    case LedgerStatus::kFailed: return "failed";
  }
  return "in_flight";
}

}  // namespace host::engine
