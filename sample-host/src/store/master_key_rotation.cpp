#include "store/master_key_rotation.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "store/connection_tables.hpp"
#include "store/master_key_check.hpp"
#include "store/token_store.hpp"

namespace host::store {
namespace {

// One sealed value: where it is (table, key columns, value column) and its associated data.
struct SealedValue {
  std::string owner;  // "connection:7"
  std::string field;
  std::string sealed;
  // Sets ?1 (the new sealed bytes) in the row of owner ?2 (and field ?3 when keyed_by_field).
  std::string update_sql;
  int64_t owner_id = 0;
  bool keyed_by_field = false;
};

// Re-seals field ?3 of owner ?2 in `table` with ?1.
std::string update_statement(const std::string& table, const std::string& owner_column) {
  std::string sql = "UPDATE ";
  sql.append(table).append(" SET sealed = ?1 WHERE ").append(owner_column);
  sql.append(" = ?2 AND field = ?3");
  return sql;
}

void collect_fields(Database& db, const SealedFieldTable& where, std::vector<SealedValue>& out) {
  const std::string table = where.table;
  const std::string column = where.owner_column;
  const std::string update_sql = update_statement(table, column);
  Statement select = db.prepare("SELECT " + column + ", field, sealed FROM " + table);
  while (select.step()) {
    const int64_t id = select.column_int(0);
    out.push_back({sealed_owner(where.owner_kind, id), select.column_text(1), select.column_blob(2),
                   update_sql, id, true});
  }
}

void collect_tokens(Database& db, std::vector<SealedValue>& out) {
  Statement select =
      db.prepare("SELECT connection_id, access_sealed, refresh_sealed FROM connection_tokens");
  while (select.step()) {
    const int64_t id = select.column_int(0);
    const std::string owner = sealed_owner(kConnectionSecrets.owner_kind, id);
    out.push_back({owner, kAccessField, select.column_blob(1),
                   "UPDATE connection_tokens SET access_sealed = ?1 WHERE connection_id = ?2", id});
    out.push_back({owner, kRefreshField, select.column_blob(2),
                   "UPDATE connection_tokens SET refresh_sealed = ?1 WHERE connection_id = ?2",
                   id});
  }
}

std::string errno_text() { return std::strerror(errno); }

void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename happened; its durability is the file system's
  ::fsync(fd);
  ::close(fd);
}

void rename_pending_key(const std::filesystem::path& state_dir) {
  const auto pending = state_dir / kPendingMasterKeyFile;
  const auto file = state_dir / kMasterKeyFile;
  if (::rename(pending.c_str(), file.c_str()) != 0) {
    throw MasterKeyError("cannot rename " + pending.string() + " to " + file.string() + ": " +
                         errno_text() + " (the store is sealed under the key in " +
                         pending.string() + "; rename it by hand)");
  }
  sync_directory(state_dir);
}

}  // namespace

size_t reseal_secrets(Database& db, const SecretBox& from, const MasterKey& to,
                      const ResealProgress& progress) {
  const SecretBox box(to);
  size_t resealed = 0;
  db.transaction([&] {
    std::vector<SealedValue> values;
    collect_fields(db, kOAuthClientSecrets, values);
    collect_fields(db, kConnectionSecrets, values);
    collect_tokens(db, values);
    for (SealedValue& value : values) {
      const std::optional<SecretString> plain = from.open(value.owner, value.field, value.sealed);
      if (!plain) {
        throw StoreError("secret " + value.field + " of " + value.owner +
                         " does not decrypt under the current master key; nothing was changed");
      }
      const std::string sealed = box.seal(value.owner, value.field, plain->view());
      Statement update = db.prepare(value.update_sql);
      update.bind_blob(1, as_bytes(sealed)).bind(2, value.owner_id);
      if (value.keyed_by_field) update.bind(3, value.field);
      update.run();
      wipe(value.sealed);
      ++resealed;
      if (progress) progress(resealed);
    }
    record_master_key_check(db, to);
  });
  return resealed;
}

size_t rotate_master_key_file(Database& db, const SecretBox& from,
                              const std::filesystem::path& state_dir, const MasterKey& to,
                              const ResealProgress& progress) {
  const auto pending = state_dir / kPendingMasterKeyFile;
  // A leftover of a rotation that did not commit names no key the store knows.
  if (::unlink(pending.c_str()) != 0 && errno != ENOENT) {
    throw MasterKeyError("cannot remove " + pending.string() + ": " + errno_text());
  }
  if (!create_master_key_file(pending, to)) {
    throw MasterKeyError(pending.string() +
                         " appeared while a rotation was starting: is another "
                         "`state rekey` running?");
  }
  sync_directory(state_dir);
  const size_t resealed = reseal_secrets(db, from, to, progress);
  rename_pending_key(state_dir);
  return resealed;
}

std::optional<MasterKey> finish_interrupted_rotation(Database& db,
                                                     const std::filesystem::path& state_dir) {
  std::optional<MasterKey> pending = read_master_key_file(state_dir / kPendingMasterKeyFile);
  if (!pending || !is_recorded_master_key(db, *pending)) return std::nullopt;
  rename_pending_key(state_dir);
  return pending;
}

}  // namespace host::store
