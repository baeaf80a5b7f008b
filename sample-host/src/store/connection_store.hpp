// connection_store.hpp: stored connections: settings (JSON), sealed secrets, the OAuth client
// they use and the redirect URI they are authorized with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/connection_tables.hpp"

namespace host::store {

struct ConnectionInput {
  std::string name;
  std::string connector;
  int64_t oauth_client_id = 0;
  std::string settings_json;  // non-secret settings, a JSON object
  std::string redirect_uri;
  std::string ca_file;               // an extra CA to trust for HTTPS, or empty
  bool allow_plain_http = false;     // plain http:// to non-loopback hosts allowed (warned)
  std::vector<NamedSecret> secrets;  // every secret setting, plaintext (required on every save)
};

struct ConnectionRecord : SealedRecord {
  int64_t oauth_client_id = 0;
  std::string oauth_client_name;
  std::string settings_json;
  std::string redirect_uri;
  std::string ca_file;
  bool allow_plain_http = false;
};

// Creates the connection or replaces the one with the same name, in one transaction. When an
// existing connection moves to another connector or OAuth client, its tokens and scopes are
// dropped (they were granted to the old app). Returns the row id. ERRORS: throws StoreError.
int64_t save_connection(Database& db, const SecretBox& box, const ConnectionInput& input);

std::vector<ConnectionRecord> list_connections(Database& db);
std::optional<ConnectionRecord> find_connection(Database& db, std::string_view name);

// Sets the extra CA a connection trusts for HTTPS (an absolute path, or "" for none), as the
// manifest's ca_file does; `authorize --ca-file` keeps its CA this way. ERRORS: throws StoreError.
void set_connection_ca_file(Database& db, int64_t connection_id, std::string_view ca_file);

// Deletes the connection with its secrets, tokens and scopes. False when there was none.
bool delete_connection(Database& db, std::string_view name);

}  // namespace host::store
