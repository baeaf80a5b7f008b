#include "sync_protocols/source_config.hpp"

#include <simdjson.h>

#include <ctime>

#include <json_writer/json_pointer.hpp>
#include <json_writer/json_writer.hpp>

namespace host::sync {
namespace {

using engine::ObjectSchema;
using engine::SchemaField;

constexpr std::string_view kShopIdsKey = "shop_ids";
constexpr std::string_view kStartDateKey = "start_date";
constexpr std::string_view kLookbackKey = "lookback_seconds";
constexpr std::string_view kPageSizeKey = "page_size";

bool is_sync_key(std::string_view key) {
  return key == kRefreshTokenKey || key == kAccessTokenKey || key == kShopIdsKey ||
         key == kStartDateKey || key == kLookbackKey || key == kPageSizeKey;
}

// The connection schema's own fields a config carries: all but the connection's name (the host
// names its private connection) and the OAuth client object (a nested object of its own).
bool is_connection_field(const SchemaField& field) {
  return field.name != engine::kNameConfigKey && field.name != engine::kOAuthClientConfigKey;
}

std::string pointer(std::string_view parent, std::string_view key) {
  return jsonw::child_pointer(parent, key);
}

// Sorts one object's members (but those `skip` takes) into non-secret JSON and secrets.
// Returns an error or "".
std::string split_fields(simdjson::dom::object object, const ObjectSchema& schema,
                         std::string_view where, bool (*skip)(std::string_view key),
                         std::string& fields_json, std::vector<store::NamedSecret>& secrets) {
  fields_json.clear();
  jsonw::Writer w(fields_json);
  w.begin_object();
  for (auto [key, value] : object) {
    if (skip != nullptr && skip(key)) continue;
    const SchemaField* field = schema.find(key);
    if (field == nullptr || !is_connection_field(*field)) {
      return pointer(where, key) + ": not a field of this connector's config";
    }
    if (field->secret) {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        return pointer(where, key) + ": must be a string";
      }
      secrets.push_back({field->name, store::SecretString(std::string(text))});
    } else {
      w.raw_field(key, simdjson::minify(value));
    }
  }
  w.end_object();
  for (const SchemaField& field : schema.fields) {
    if (!field.required || !is_connection_field(field)) continue;
    if (object.at_key(field.name).error() != simdjson::SUCCESS) {
      return pointer(where, field.name) + ": required";
    }
  }
  return "";
}

bool is_sync_or_client_key(std::string_view key) {
  return is_sync_key(key) || key == engine::kOAuthClientConfigKey;
}

std::string read_whole_number(simdjson::dom::element value, std::string_view key, int64_t min,
                              int64_t* out) {
  if (value.get_int64().get(*out) != simdjson::SUCCESS || *out < min) {
    return pointer("", key) + ": must be a whole number of at least " + std::to_string(min);
  }
  return "";
}

std::string read_sync_key(std::string_view key, simdjson::dom::element value, SourceConfig& c) {
  if (key == kRefreshTokenKey || key == kAccessTokenKey) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return pointer("", key) + ": a string";
    (key == kRefreshTokenKey ? c.refresh_token : c.access_token) =
        store::SecretString(std::string(text));
    return "";
  }
  if (key == kShopIdsKey) {
    simdjson::dom::array ids;
    if (value.get_array().get(ids) != simdjson::SUCCESS) {
      return pointer("", key) + ": must be an array of shop ids";
    }
    size_t index = 0;
    for (simdjson::dom::element id : ids) {
      std::string_view text;
      if (id.get_string().get(text) != simdjson::SUCCESS || text.empty()) {
        return pointer("", key) + "/" + std::to_string(index) + ": must be a non-empty string";
      }
      c.sync.shop_ids.emplace_back(text);
      ++index;
    }
    return "";
  }
  if (key == kStartDateKey) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS ||
        !parse_utc_timestamp(text, &c.sync.start)) {
      return pointer("", key) + ": must be a UTC time as YYYY-MM-DDTHH:MM:SSZ";
    }
    return "";
  }
  if (key == kLookbackKey) return read_whole_number(value, key, 1, &c.sync.lookback_seconds);
  return read_whole_number(value, key, 0, &c.sync.page_size);
}

void write_field_schema(jsonw::Writer& w, const SchemaField& field) {
  w.key(field.name).begin_object().field("title", field.name);
  if (!field.type.empty()) w.field("type", field.type);
  if (!field.enum_values.empty()) {
    w.key("enum").begin_array();
    for (const std::string& value : field.enum_values) w.value(value);
    w.end_array();
  }
  if (field.secret) w.field("airbyte_secret", true);
  w.end_object();
}

void write_required(jsonw::Writer& w, const ObjectSchema& schema,
                    std::initializer_list<std::string_view> extra) {
  w.key("required").begin_array();
  for (const SchemaField& field : schema.fields) {
    if (field.required && is_connection_field(field)) w.value(field.name);
  }
  for (std::string_view name : extra) w.value(name);
  w.end_array();
}

}  // namespace

bool parse_utc_timestamp(std::string_view text, int64_t* out) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return false;
  }
  const auto number = [&](size_t at, size_t len, int* value) {
    *value = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      *value = *value * 10 + (text[i] - '0');
    }
    return true;
  };
  std::tm tm{};
  if (!number(0, 4, &tm.tm_year) || !number(5, 2, &tm.tm_mon) || !number(8, 2, &tm.tm_mday) ||
      !number(11, 2, &tm.tm_hour) || !number(14, 2, &tm.tm_min) || !number(17, 2, &tm.tm_sec)) {
    return false;
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  *out = static_cast<int64_t>(timegm(&tm));
  return true;
}

SourceConfig parse_source_config(std::string_view json, const engine::ConnectionSchemaView& view,
                                 std::string& error) {
  SourceConfig config;
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    error = "(document): the config is not a JSON object";
    return config;
  }
  // The OAuth client's object, then the connection's own fields without the sync keys.
  simdjson::dom::object client;
  if (!view.oauth_client.fields.empty()) {
    if (root.at_key(engine::kOAuthClientConfigKey).get(client) != simdjson::SUCCESS) {
      error = pointer("", engine::kOAuthClientConfigKey) + ": required (an object)";
      return config;
    }
    error = split_fields(client, view.oauth_client, pointer("", engine::kOAuthClientConfigKey),
                         nullptr, config.client_fields_json, config.client_secrets);
    if (!error.empty()) return config;
  }
  for (auto [key, value] : root) {
    if (!is_sync_key(key)) continue;
    error = read_sync_key(key, value, config);
    if (!error.empty()) return config;
  }
  const bool has_client = !view.oauth_client.fields.empty();
  error = split_fields(root, view.config, "", has_client ? &is_sync_or_client_key : &is_sync_key,
                       config.settings_json, config.secrets);
  if (!error.empty()) return config;
  if (config.refresh_token.empty()) error = pointer("", kRefreshTokenKey) + ": required";
  return config;
}

std::string connection_specification(const engine::ConnectionSchemaView& view) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().field("$schema", "http://json-schema.org/draft-07/schema#");
  w.field("title", view.connector_id + " source").field("type", "object");
  if (view.oauth_client.fields.empty()) {
    write_required(w, view.config, {kRefreshTokenKey});
  } else {
    write_required(w, view.config, {engine::kOAuthClientConfigKey, kRefreshTokenKey});
  }
  w.key("properties").begin_object();
  if (!view.oauth_client.fields.empty()) {
    w.key(engine::kOAuthClientConfigKey).begin_object().field("title", "OAuth client");
    w.field("type", "object");
    write_required(w, view.oauth_client, {});
    w.key("properties").begin_object();
    for (const SchemaField& field : view.oauth_client.fields) write_field_schema(w, field);
    w.end_object().end_object();
  }
  for (const SchemaField& field : view.config.fields) {
    if (is_connection_field(field)) write_field_schema(w, field);
  }
  w.key(kRefreshTokenKey).begin_object().field("title", "Refresh token").field("type", "string");
  w.field("description", "The refresh token an authorization of the app issued.");
  w.field("airbyte_secret", true).end_object();
  w.key(kAccessTokenKey).begin_object().field("title", "Access token").field("type", "string");
  w.field("description", "A current access token (optional: the first call refreshes).");
  w.field("airbyte_secret", true).end_object();
  w.key(kShopIdsKey).begin_object().field("title", "Shop IDs").field("type", "array");
  w.field("description", "The shops to read; empty: every shop the authorization covers.");
  w.key("items").begin_object().field("type", "string").end_object().end_object();
  w.key(kStartDateKey).begin_object().field("title", "Start date").field("type", "string");
  w.field("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$");
  w.field("description", "Where a first read starts (UTC, YYYY-MM-DDTHH:MM:SSZ).").end_object();
  w.key(kLookbackKey).begin_object().field("title", "Lookback seconds").field("type", "integer");
  w.field("minimum", 0)
      .field("description", "Without start_date: start this long before now (default 30 days).");
  w.end_object();
  w.key(kPageSizeKey).begin_object().field("title", "Page size").field("type", "integer");
  w.field("minimum", 0).field("description", "0: each endpoint's default.").end_object();
  w.end_object().end_object();
  return out;
}

store::SecretString config_with_tokens(std::string_view json, std::string_view refresh_token,
                                       std::string_view access_token) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  if (parser.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS) {
    for (auto [key, value] : root) {
      if (key != kRefreshTokenKey && key != kAccessTokenKey) {
        w.raw_field(key, simdjson::minify(value));
      }
    }
  }
  w.field(kRefreshTokenKey, refresh_token);
  if (!access_token.empty()) w.field(kAccessTokenKey, access_token);
  w.end_object();
  return store::SecretString(std::move(out));
}

}  // namespace host::sync
