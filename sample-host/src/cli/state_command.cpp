// `connector-host state rekey` and `state backup FILE`: operating the state database, with the
// host running or not.
#include <cstdlib>
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "engine/connections/connection_lease.hpp"
#include "store/connection_store.hpp"
#include "store/connection_tables.hpp"
#include "store/master_key.hpp"
#include "store/master_key_check.hpp"
#include "store/master_key_rotation.hpp"
#include "store/state_backup.hpp"

namespace host::cli {
namespace {

// Where `state rekey` takes the new key from, when not from the random generator.
constexpr const char* kNewMasterKeyEnv = "CONNECTOR_HOST_NEW_MASTER_KEY";

constexpr const char* kDetails =
    "rekey re-encrypts every secret (OAuth client secrets, connection secrets, tokens) under a "
    "new master key in one transaction: stopped at any point, either the old key or the new "
    "one opens everything. With the key in master.key, the new key is random (or "
    "CONNECTOR_HOST_NEW_MASTER_KEY, 64 hex characters) and replaces master.key; with the key in "
    "CONNECTOR_HOST_MASTER_KEY, give the new one in CONNECTOR_HOST_NEW_MASTER_KEY and set "
    "CONNECTOR_HOST_MASTER_KEY to it afterwards. rekey refuses while a run or a listener holds "
    "a connection (they keep the old key in memory).\n\n"
    "backup copies the state database, consistently, while other processes read and write it "
    "(SQLite's online backup), to a new file (mode 0600). The copy holds the secrets sealed: "
    "keep the master key with it (it is not in the copy).\n"
    "exit codes: 0 success, 1 the work failed, 2 bad usage";

// The first connection a live run or listener holds, as "NAME (pid P: HOLDER)", or "".
std::string connection_in_use(store::Database& db) {
  for (const store::ConnectionRecord& connection : store::list_connections(db)) {
    const auto holders = engine::live_connection_leases(db, connection.id);
    if (!holders.empty()) {
      return connection.name + " (pid " + std::to_string(holders.front().pid) + ": " +
             holders.front().holder + ")";
    }
  }
  return {};
}

int rekey(const GlobalOptions& options) {
  const auto db = store::open_connection_state(options.state());
  const store::VerifiedSecretBox current = store::open_verified_secret_box(*db, options.state_dir);
  if (const std::string holder = connection_in_use(*db); !holder.empty()) {
    std::cerr << "connector-host state rekey: connection " << holder
              << " is in use; stop its runs and listeners first (they hold the old key)\n";
    return kExitFailed;
  }
  const bool key_in_environment = std::getenv(store::kMasterKeyEnv) != nullptr;
  const char* given = std::getenv(kNewMasterKeyEnv);
  if (key_in_environment && given == nullptr) {
    std::cerr << "connector-host state rekey: the master key comes from " << store::kMasterKeyEnv
              << "; give the new key (64 hex characters) in " << kNewMasterKeyEnv << "\n";
    return kExitUsage;
  }
  const store::MasterKey next =
      given != nullptr ? store::parse_master_key_hex(
                             given, std::string("environment variable ") + kNewMasterKeyEnv)
                       : store::random_master_key();
  if (store::is_recorded_master_key(*db, next)) {
    std::cerr << "connector-host state rekey: the new key is the current key\n";
    return kExitUsage;
  }
  if (key_in_environment) {
    const size_t resealed = store::reseal_secrets(*db, current.box, next);
    std::cout << "re-encrypted " << resealed << " secret(s) under the key in " << kNewMasterKeyEnv
              << "; from now on set " << store::kMasterKeyEnv << " to it\n";
    return kExitOk;
  }
  const size_t resealed = store::rotate_master_key_file(*db, current.box, options.state_dir, next);
  std::cout << "re-encrypted " << resealed << " secret(s) under a new master key, now in "
            << (options.state_dir / store::kMasterKeyFile).string()
            << " (back it up: the old key opens nothing any more)\n";
  return kExitOk;
}

int backup(const GlobalOptions& options, const std::filesystem::path& target) {
  const auto db = store::open_connection_state(options.state());
  store::backup_database(*db, target);
  std::cout << "backed up " << db->name() << " to " << target.string()
            << " (secrets sealed; the master key is not in it)\n";
  return kExitOk;
}

}  // namespace

int state_command(const GlobalOptions& options, std::span<const std::string> args) {
  std::filesystem::path target;
  const VerbTable table{.command = "connector-host state",
                        .verbs = {{"rekey", "re-encrypt every secret under a new master key", {}},
                                  {"backup",
                                   "copy the state database consistently while the host runs",
                                   {.operands = {{.name = "FILE", .set = set_path(&target)}}}}},
                        .details = kDetails};
  size_t verb = 0;
  if (const auto stop = parse_command_line(table, args, &verb)) return *stop;
  try {
    if (table.verbs[verb].name == "rekey") return rekey(options);
    return backup(options, target);
  } catch (const std::exception& e) {
    std::cerr << "connector-host state " << table.verbs[verb].name << ": " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace host::cli
