#include "store/connection_store.hpp"

namespace host::store {
namespace {

constexpr const char* kSelectConnection =
    "SELECT c.id, c.name, c.connector, c.oauth_client_id, o.name, c.settings_json,"
    " c.redirect_uri, c.created_at, c.updated_at, c.ca_file, c.allow_plain_http"
    " FROM connections c JOIN oauth_clients o ON o.id = c.oauth_client_id ";

ConnectionRecord read_connection(Database& db, const Statement& row) {
  ConnectionRecord r;
  read_columns(row, r.id, r.name, r.connector, r.oauth_client_id, r.oauth_client_name,
               r.settings_json, r.redirect_uri, r.created_at, r.updated_at, r.ca_file,
               r.allow_plain_http);
  r.secret_fields = sealed_field_names(db, kConnectionSecrets, r.id);
  return r;
}

}  // namespace

int64_t save_connection(Database& db, const SecretBox& box, const ConnectionInput& input) {
  int64_t id = 0;
  db.transaction([&] {
    Statement existing =
        db.prepare("SELECT connector, oauth_client_id FROM connections WHERE name = ?1");
    existing.bind(1, input.name);
    const bool moves_app = existing.step() && (existing.column_text(0) != input.connector ||
                                               existing.column_int(1) != input.oauth_client_id);
    // One statement for a new connection and a replaced one, so both store the same columns.
    Statement upsert = db.prepare(
        "INSERT INTO connections(name, connector, oauth_client_id, settings_json,"
        " redirect_uri, created_at, updated_at, ca_file, allow_plain_http)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)"
        " ON CONFLICT(name) DO UPDATE SET connector = excluded.connector,"
        " oauth_client_id = excluded.oauth_client_id, settings_json = excluded.settings_json,"
        " redirect_uri = excluded.redirect_uri, updated_at = excluded.updated_at,"
        " ca_file = excluded.ca_file, allow_plain_http = excluded.allow_plain_http"
        " RETURNING id");
    upsert.bind_all(input.name, input.connector, input.oauth_client_id, input.settings_json,
                    input.redirect_uri, unix_now(), input.ca_file,
                    static_cast<int64_t>(input.allow_plain_http));
    if (!upsert.step()) throw StoreError("the saved connection vanished");
    id = upsert.column_int(0);
    if (moves_app) {
      // Tokens and scopes were granted to the old app.
      db.prepare("DELETE FROM connection_tokens WHERE connection_id = ?1").bind(1, id).run();
      db.prepare("DELETE FROM connection_scopes WHERE connection_id = ?1").bind(1, id).run();
    }
    replace_sealed_fields(db, box, kConnectionSecrets, id, input.secrets);
  });
  return id;
}

std::vector<ConnectionRecord> list_connections(Database& db) {
  Statement select = db.prepare(std::string(kSelectConnection) + "ORDER BY c.name");
  return read_rows(select, [&db](const Statement& row) { return read_connection(db, row); });
}

std::optional<ConnectionRecord> find_connection(Database& db, std::string_view name) {
  Statement select = db.prepare(std::string(kSelectConnection) + "WHERE c.name = ?1");
  select.bind(1, name);
  return read_first_row(select, [&db](const Statement& row) { return read_connection(db, row); });
}

void set_connection_ca_file(Database& db, int64_t connection_id, std::string_view ca_file) {
  db.prepare("UPDATE connections SET ca_file = ?2, updated_at = ?3 WHERE id = ?1")
      .bind_all(connection_id, ca_file, unix_now())
      .run();
}

bool delete_connection(Database& db, std::string_view name) {
  bool deleted = false;
  db.transaction([&] {
    db.prepare("DELETE FROM connections WHERE name = ?1").bind(1, name).run();
    deleted = db.changes() > 0;
  });
  return deleted;
}

}  // namespace host::store
