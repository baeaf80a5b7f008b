// connection_tables.hpp: the "connections" area of the state database (OAuth clients,
// connections, their sealed secrets, tokens, authorized scopes) and how to open it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/secret_box.hpp"

namespace host::store {

// The database file's name inside the state directory.
inline constexpr const char* kStateDatabaseFile = "state.db";

// Opens the state's database and brings the connections area's tables up to date.
// ERRORS: throws StoreError (locked, corrupt, not a database, unreachable, migration failure).
std::unique_ptr<Database> open_connection_state(const StateLocation& state);
// The same for the SQLite state in <state_dir>/state.db.
std::unique_ptr<Database> open_connection_state(const std::filesystem::path& state_dir);

// A plaintext secret with the field name it belongs to.
struct NamedSecret {
  std::string field;
  SecretString value;
};

// Where a group of sealed fields lives: a table keyed by (owner_column, field), and the owner
// kind used in the associated data ("connection", "oauth_client").
struct SealedFieldTable {
  const char* table;
  const char* owner_column;
  const char* owner_kind;
};
inline constexpr SealedFieldTable kOAuthClientSecrets{"oauth_client_secrets", "client_id",
                                                      "oauth_client"};
inline constexpr SealedFieldTable kConnectionSecrets{"connection_secrets", "connection_id",
                                                     "connection"};

// What every stored row with sealed fields has, whatever it is (a connection, an OAuth client):
// its id and name, the connector it is for, the names of its secrets and when it was saved.
struct SealedRecord {
  int64_t id = 0;
  std::string name;
  std::string connector;
  std::vector<std::string> secret_fields;  // names only
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The associated-data owner of a row: "<kind>:<id>".
std::string sealed_owner(std::string_view kind, int64_t id);

// Replaces every sealed field of one owner with `secrets`, each sealed with (owner, field) as
// associated data. REQUIRES: inside a transaction. ERRORS: throws StoreError.
void replace_sealed_fields(Database& db, const SecretBox& box, const SealedFieldTable& where,
                           int64_t owner_id, const std::vector<NamedSecret>& secrets);

// Decrypts every sealed field of one owner. nullopt when any fails to decrypt (another master
// key, or a ciphertext moved from another row or field). ERRORS: throws StoreError.
std::optional<std::vector<NamedSecret>> open_sealed_fields(Database& db, const SecretBox& box,
                                                           const SealedFieldTable& where,
                                                           int64_t owner_id);

// The names of one owner's sealed fields (no decryption), sorted.
std::vector<std::string> sealed_field_names(Database& db, const SealedFieldTable& where,
                                            int64_t owner_id);

// Seconds since the Unix epoch, the store's timestamp unit.
int64_t unix_now();

}  // namespace host::store
