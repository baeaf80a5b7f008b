// ledger_store.hpp: the import ledger, one row per (flow, idempotency key).
//
// Before a write is sent its row says "in_flight" (so a crash between send and answer is visible
// on the next run); after the answer it says "succeeded" or "failed" with the remote code and
// message. A re-run skips "succeeded" rows and sends the others again (with the same remote
// idempotency key when the endpoint takes one, so the remote side does not apply it twice).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace host::store {
class Database;
}

namespace host::engine {

enum class LedgerStatus { kInFlight, kSucceeded, kFailed };

struct LedgerEntry {
  LedgerStatus status = LedgerStatus::kInFlight;
  int64_t attempts = 0;  // how many times the record was sent, over all runs
  int64_t remote_code = 0;
  std::string message;
};

// THREADING: one thread at a time (it owns or borrows one database connection); give each
// worker its own store.
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  virtual std::optional<LedgerEntry> find(const std::string& flow, const std::string& key) = 0;
  // Durably marks the record as being sent (attempts + 1). Returns the entry as it now is.
  virtual LedgerEntry mark_in_flight(const std::string& flow, const std::string& key) = 0;
  // Durably records the outcome of the send.
  virtual void record_outcome(const std::string& flow, const std::string& key, bool succeeded,
                              int64_t remote_code, const std::string& message) = 0;
};

// The SQLite ledger (tables of area "engine_import"). OWNERSHIP: borrows `db`.
// ERRORS: throws store::StoreError.
std::unique_ptr<LedgerStore> make_sqlite_ledger_store(store::Database& db);

// The same, owning its own connection to the database file at `db_path` (one per thread).
// ERRORS: throws store::StoreError when the database cannot be opened or migrated.
std::unique_ptr<LedgerStore> open_sqlite_ledger_store(const std::filesystem::path& db_path);

const char* ledger_status_name(LedgerStatus status);

}  // namespace host::engine
