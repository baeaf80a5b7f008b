#include "store/oauth_client_store.hpp"

namespace host::store {
namespace {

constexpr const char* kSelectClient =
    "SELECT id, name, connector, fields_json, created_at, updated_at FROM oauth_clients ";

OAuthClientRecord read_client(Database& db, const Statement& row) {
  OAuthClientRecord r;
  read_columns(row, r.id, r.name, r.connector, r.fields_json, r.created_at, r.updated_at);
  r.secret_fields = sealed_field_names(db, kOAuthClientSecrets, r.id);
  return r;
}

}  // namespace

int64_t save_oauth_client(Database& db, const SecretBox& box, const OAuthClientInput& input) {
  int64_t id = 0;
  db.transaction([&] {
    const int64_t now = unix_now();
    db.prepare(
          "INSERT INTO oauth_clients(name, connector, fields_json, created_at, updated_at)"
          " VALUES (?1, ?2, ?3, ?4, ?4)"
          " ON CONFLICT(name) DO UPDATE SET connector = excluded.connector,"
          " fields_json = excluded.fields_json, updated_at = excluded.updated_at")
        .bind_all(input.name, input.connector, input.fields_json, now)
        .run();
    Statement select = db.prepare("SELECT id FROM oauth_clients WHERE name = ?1");
    select.bind(1, input.name);
    if (!select.step()) throw StoreError("the saved OAuth client vanished");
    id = select.column_int(0);
    replace_sealed_fields(db, box, kOAuthClientSecrets, id, input.secrets);
  });
  return id;
}

std::vector<OAuthClientRecord> list_oauth_clients(Database& db) {
  Statement select = db.prepare(std::string(kSelectClient) + "ORDER BY name");
  return read_rows(select, [&db](const Statement& row) { return read_client(db, row); });
}

std::optional<OAuthClientRecord> find_oauth_client(Database& db, std::string_view name) {
  Statement select = db.prepare(std::string(kSelectClient) + "WHERE name = ?1");
  select.bind(1, name);
  return read_first_row(select, [&db](const Statement& row) { return read_client(db, row); });
}

std::optional<OAuthClientRecord> find_oauth_client_by_id(Database& db, int64_t id) {
  Statement select = db.prepare(std::string(kSelectClient) + "WHERE id = ?1");
  select.bind(1, id);
  return read_first_row(select, [&db](const Statement& row) { return read_client(db, row); });
}

std::vector<std::string> connections_using_client(Database& db, int64_t client_id) {
  Statement select =
      db.prepare("SELECT name FROM connections WHERE oauth_client_id = ?1 ORDER BY name");
  select.bind(1, client_id);
  std::vector<std::string> names;
  while (select.step()) names.push_back(select.column_text(0));
  return names;
}

std::vector<std::string> delete_oauth_client(Database& db, std::string_view name, bool* found) {
  std::vector<std::string> users;
  *found = false;
  db.transaction([&] {
    auto client = find_oauth_client(db, name);
    if (!client) return;
    *found = true;
    users = connections_using_client(db, client->id);
    if (!users.empty()) return;
    db.prepare("DELETE FROM oauth_clients WHERE id = ?1").bind(1, client->id).run();
  });
  return users;
}

}  // namespace host::store
