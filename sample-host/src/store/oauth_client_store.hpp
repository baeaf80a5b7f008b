// oauth_client_store.hpp: OAuth 2.0 clients as stored resources (one app's client serves many
// connections). Non-secret fields are kept as a JSON object; secret fields are sealed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/connection_tables.hpp"

namespace host::store {

struct OAuthClientInput {
  std::string name;
  std::string connector;
  std::string fields_json;           // the non-secret fields, a JSON object
  std::vector<NamedSecret> secrets;  // every secret field, plaintext (required on every save)
};

struct OAuthClientRecord : SealedRecord {
  std::string fields_json;
};

// Creates the client or replaces the one with the same name (its secrets too), in one
// transaction. Returns the row id. ERRORS: throws StoreError.
int64_t save_oauth_client(Database& db, const SecretBox& box, const OAuthClientInput& input);

std::vector<OAuthClientRecord> list_oauth_clients(Database& db);
std::optional<OAuthClientRecord> find_oauth_client(Database& db, std::string_view name);
std::optional<OAuthClientRecord> find_oauth_client_by_id(Database& db, int64_t id);

// The names of the connections that use client `client_id`, sorted.
std::vector<std::string> connections_using_client(Database& db, int64_t client_id);

// Deletes the client unless a connection uses it. Returns the names of the connections that
// prevent it (empty: deleted). *found is false when there is no such client.
std::vector<std::string> delete_oauth_client(Database& db, std::string_view name, bool* found);

}  // namespace host::store
