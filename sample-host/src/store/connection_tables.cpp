#include "store/connection_tables.hpp"

#include <array>
#include <ctime>

namespace host::store {
namespace {

// Migrations of the "connections" area. Append only: a released step never changes.
constexpr std::array<std::string_view, 3> kConnectionMigrations = {
    R"sql(
CREATE TABLE oauth_clients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  connector TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE oauth_client_secrets (
  client_id INTEGER NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (client_id, field));
CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  connector TEXT NOT NULL,
  oauth_client_id INTEGER NOT NULL REFERENCES oauth_clients(id) ON DELETE RESTRICT,
  settings_json TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  ca_file TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE connection_secrets (
  connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (connection_id, field));
CREATE TABLE connection_tokens (
  connection_id INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  generation INTEGER NOT NULL,
  access_sealed BLOB NOT NULL,
  access_expires_at INTEGER NOT NULL,
  refresh_sealed BLOB NOT NULL,
  refresh_expires_at INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  account_name TEXT NOT NULL,
  account_region TEXT NOT NULL,
  scopes_json TEXT NOT NULL,
  needs_reauthorization INTEGER NOT NULL DEFAULT 0,
  reauthorization_reason TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL);
CREATE TABLE connection_scopes (
  connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  scope_id TEXT NOT NULL,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  credential TEXT NOT NULL,
  PRIMARY KEY (connection_id, scope_id));
)sql",
    // Facts about the store itself; "master_key_check" names the key its secrets are sealed with
    // (store/master_key_check.hpp).
    R"sql(
CREATE TABLE store_meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL);
)sql",
    // The connection's opt-in to plain http:// with a host other than loopback.
    R"sql(
ALTER TABLE connections ADD COLUMN allow_plain_http INTEGER NOT NULL DEFAULT 0;
)sql"};

}  // namespace

std::unique_ptr<Database> open_connection_state(const std::filesystem::path& state_dir) {
  return open_connection_state(StateLocation{.dir = state_dir, .database_uri = {}});
}

std::unique_ptr<Database> open_connection_state(const StateLocation& state) {
  auto db = Database::open(state);
  db->migrate("connections", kConnectionMigrations);
  return db;
}

std::string sealed_owner(std::string_view kind, int64_t id) {
  return std::string(kind) + ":" + std::to_string(id);
}

void replace_sealed_fields(Database& db, const SecretBox& box, const SealedFieldTable& where,
                           int64_t owner_id, const std::vector<NamedSecret>& secrets) {
  const std::string table = where.table;
  const std::string column = where.owner_column;
  db.prepare("DELETE FROM " + table + " WHERE " + column + " = ?1").bind(1, owner_id).run();
  Statement insert =
      db.prepare("INSERT INTO " + table + "(" + column + ", field, sealed) VALUES (?1, ?2, ?3)");
  const std::string owner = sealed_owner(where.owner_kind, owner_id);
  for (const NamedSecret& secret : secrets) {
    const std::string sealed = box.seal(owner, secret.field, secret.value.view());
    insert.bind(1, owner_id).bind(2, secret.field).bind_blob(3, as_bytes(sealed)).run();
    insert.reset();
  }
}

std::optional<std::vector<NamedSecret>> open_sealed_fields(Database& db, const SecretBox& box,
                                                           const SealedFieldTable& where,
                                                           int64_t owner_id) {
  Statement select = db.prepare("SELECT field, sealed FROM " + std::string(where.table) +
                                " WHERE " + where.owner_column + " = ?1 ORDER BY field");
  select.bind(1, owner_id);
  const std::string owner = sealed_owner(where.owner_kind, owner_id);
  std::vector<NamedSecret> out;
  while (select.step()) {
    std::string field = select.column_text(0);
    auto plain = box.open(owner, field, select.column_blob(1));
    if (!plain) return std::nullopt;
    out.push_back({std::move(field), std::move(*plain)});
  }
  return out;
}

std::vector<std::string> sealed_field_names(Database& db, const SealedFieldTable& where,
                                            int64_t owner_id) {
  Statement select = db.prepare("SELECT field FROM " + std::string(where.table) + " WHERE " +
                                where.owner_column + " = ?1 ORDER BY field");
  select.bind(1, owner_id);
  std::vector<std::string> out;
  while (select.step()) out.push_back(select.column_text(0));
  return out;
}

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }

}  // namespace host::store
