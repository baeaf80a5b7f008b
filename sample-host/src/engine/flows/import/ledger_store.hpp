// ledger_store.hpp: the import ledger, one row per (flow, target, idempotency key).
//
// Before a write is sent its row says "in_flight" (so a crash between send and answer is visible
// on the next run); after the answer it says "succeeded" or "failed" with the remote code and
// message. A re-run skips "succeeded" rows and sends the others again (with the same remote
// idempotency key when the endpoint takes one, so the remote side does not apply it twice).
//
// A row is bound to the target its write went to (import_target() in export_definition.hpp:
// connection, shop, resource, endpoint). The same flow pointed at another shop has no rows there,
// so it applies its records there instead of skipping them as "already applied". Targets are
// kept once each in their own table; rows refer to them by id.
//
// Rows written before the ledger recorded targets (schema version 1) have target 0, "unbound".
// As the export side does with version-1 cursors, the first run of their flow adopts them for
// its own target (adopt_unbound), with a warning.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace host::store {
class Database;
}

namespace host::engine {

enum class LedgerStatus { kInFlight, kSucceeded, kFailed };

struct LedgerEntry {
  LedgerStatus status = LedgerStatus::kInFlight;
  int64_t attempts = 0;  // how many times the record was sent to this target, over all runs
  int64_t remote_code = 0;
  std::string message;
};

// Whose rows: one flow's writes to one target (an id from LedgerStore::target_id).
struct LedgerScope {
  std::string flow;
  int64_t target = 0;
};

// THREADING: one thread at a time (it owns or borrows one database connection); give each
// worker its own store.
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  // The id of the target `definition` (canonical JSON), recorded on first use.
  virtual int64_t target_id(const std::string& definition) = 0;
  // Binds the flow's unbound (version-1) rows to `target`. Returns how many there were.
  virtual int64_t adopt_unbound(const LedgerScope& scope) = 0;
  virtual std::optional<LedgerEntry> find(const LedgerScope& scope, const std::string& key) = 0;
  // The definition of another target of the same flow that `key` was applied to, or nullopt.
  virtual std::optional<std::string> applied_elsewhere(const LedgerScope& scope,
                                                       const std::string& key) = 0;
  // Durably marks the record as being sent (attempts + 1). Returns the entry as it now is.
  virtual LedgerEntry mark_in_flight(const LedgerScope& scope, const std::string& key) = 0;
  // Durably records the outcome of the send.
  virtual void record_outcome(const LedgerScope& scope, const std::string& key, bool succeeded,
                              int64_t remote_code, const std::string& message) = 0;
};

// The ledger in the state database (tables of area "engine_import"), SQLite or PostgreSQL.
// OWNERSHIP: borrows `db`.
// ERRORS: throws store::StoreError.
std::unique_ptr<LedgerStore> make_ledger_store(store::Database& db);

// The same, owning its own connection to the state's database (one per thread).
// ERRORS: throws store::StoreError when the database cannot be opened or migrated.
std::unique_ptr<LedgerStore> open_ledger_store(const store::StateLocation& state);

}  // namespace host::engine
