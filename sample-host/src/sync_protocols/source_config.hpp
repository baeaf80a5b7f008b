// source_config.hpp: the one JSON config an Airbyte source or a Singer tap is run with, and the
// connection specification (a JSON Schema) that describes it.
//
// An integration platform keeps no host state directory: everything a connection needs comes in
// this config. Its fields are the connector's connection schema (describe's connection_schema:
// the top-level fields and the "oauth_client" object) plus what a sync needs:
//   refresh_token (secret, required), access_token (secret, optional),
//   shop_ids (the shops to read; empty or absent: every authorized shop),
//   start_date ("YYYY-MM-DDTHH:MM:SSZ": where a first read starts), lookback_seconds (instead of
//   start_date: start that long before now; default 30 days), page_size (0 or absent: the
//   endpoint's default).
// Every secret field is marked airbyte_secret in the specification.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connections/connection_schema_view.hpp"
#include "store/connection_tables.hpp"
#include "store/secret_box.hpp"

namespace host::sync {

// Without start_date or lookback_seconds a first read covers this much (30 days).
inline constexpr int64_t kDefaultLookbackSeconds = int64_t{30} * 86400;

struct SyncSettings {
  std::vector<std::string> shop_ids;  // empty: every authorized shop
  int64_t start = 0;                  // unix seconds; 0: now - lookback_seconds
  int64_t lookback_seconds = kDefaultLookbackSeconds;
  int64_t page_size = 0;
};

struct SourceConfig {
  std::string client_fields_json = "{}";  // non-secret oauth_client fields, a JSON object
  std::vector<store::NamedSecret> client_secrets;
  std::string settings_json = "{}";  // non-secret connection fields, a JSON object
  std::vector<store::NamedSecret> secrets;
  store::SecretString refresh_token;
  store::SecretString access_token;  // may be empty: the first call refreshes
  SyncSettings sync;
};

// The config keys a sync adds to the connector's connection schema.
inline constexpr std::string_view kRefreshTokenKey = "refresh_token";
inline constexpr std::string_view kAccessTokenKey = "access_token";

// Parses `json` against the connection schema. Returns the config, or sets `error` to one line
// naming the field at fault ("/shop_ids/2: must be a string") and never a secret value.
SourceConfig parse_source_config(std::string_view json, const engine::ConnectionSchemaView& view,
                                 std::string& error);

// The connection specification: a draft-07 JSON Schema of the config above.
std::string connection_specification(const engine::ConnectionSchemaView& view);

// `json` (a valid config) with its refresh and access tokens replaced: the config a platform
// must store after a refresh rotated them. Holds secrets (a SecretString).
store::SecretString config_with_tokens(std::string_view json, std::string_view refresh_token,
                                       std::string_view access_token);

// "2024-05-01T00:00:00Z" as unix seconds; false when it is not that form.
bool parse_utc_timestamp(std::string_view text, int64_t* out);

}  // namespace host::sync
