#include "engine/connections/connection_manifest.hpp"

#include <boost/url/parse.hpp>
#include <json_writer/json_writer.hpp>

#include "engine/connections/oauth_client_manifest.hpp"

namespace host::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// "$schema" and "description" are for editors and readers; the host ignores them.
constexpr std::string_view kKnownKeys[] = {
    "name",    "connector", "oauth_client", "redirect_uri", "settings",
    "secrets", "ca_file",   "$schema",      "description",  "allow_plain_http"};

bool is_known_key(std::string_view key) {
  for (auto k : kKnownKeys) {
    if (k == key) return true;
  }
  return false;
}

bool is_host_filled(std::string_view name) {
  return name == kNameConfigKey || name == kOAuthClientConfigKey;
}

// Reads "settings" (plain fields) into a JSON object text.
std::string read_settings(object root, const ConnectionSchemaView& view,
                          std::vector<ManifestProblem>& problems) {
  std::string json;
  jsonw::Writer w(json);
  w.begin_object();
  element settings_value;
  object settings;
  if (root["settings"].get(settings_value) == simdjson::SUCCESS) {
    if (settings_value.get_object().get(settings) != simdjson::SUCCESS) {
      problems.push_back({"/settings", "must be an object"});
    } else {
      for (auto [key, value] : settings) {
        const std::string pointer = "/settings/" + pointer_token(key);
        const SchemaField* field = view.config.find(key);
        if (field == nullptr || is_host_filled(key)) {
          problems.push_back({pointer, "unknown setting; connector " + view.connector_id +
                                           " takes " + field_list(view.config, false)});
        } else if (field->secret) {
          problems.push_back({pointer, "is a secret: put a reference under /secrets/" +
                                           pointer_token(key) + " instead"});
        } else {
          check_plain_value(*field, value, pointer, problems);
          w.raw_field(field->name, simdjson::minify(value));
        }
      }
    }
  }
  w.end_object();
  return json;
}

std::vector<store::NamedSecret> read_secrets(object root, const ConnectionSchemaView& view,
                                             const SecretInput& input,
                                             std::vector<ManifestProblem>& problems) {
  std::vector<store::NamedSecret> out;
  element secrets_value;
  object secrets;
  if (root["secrets"].get(secrets_value) != simdjson::SUCCESS) return out;
  if (secrets_value.get_object().get(secrets) != simdjson::SUCCESS) {
    problems.push_back({"/secrets", "must be an object"});
    return out;
  }
  for (auto [key, value] : secrets) {
    const std::string pointer = "/secrets/" + pointer_token(key);
    const SchemaField* field = view.config.find(key);
    if (field == nullptr || !field->secret || is_host_filled(key)) {
      problems.push_back({pointer, "unknown secret; connector " + view.connector_id + " takes " +
                                       field_list(view.config, true)});
      continue;
    }
    auto secret = input.read(value, pointer, problems);
    if (secret) out.push_back({field->name, std::move(*secret)});
  }
  return out;
}

void check_required(object root, const ConnectionSchemaView& view, const SecretInput& secrets,
                    std::vector<ManifestProblem>& problems) {
  for (const auto& field : view.config.fields) {
    if (!field.required || is_host_filled(field.name)) continue;
    const char* group = field.secret ? "secrets" : "settings";
    if (root[group][field.name].error() == simdjson::SUCCESS) continue;
    problems.push_back({std::string("/") + group + "/" + pointer_token(field.name),
                        field.secret ? std::string(secrets.required_message) : "is required"});
  }
}

}  // namespace

bool is_valid_redirect_uri(std::string_view uri) {
  auto parsed = boost::urls::parse_absolute_uri(uri);
  if (!parsed) return false;
  const auto scheme = parsed->scheme();
  return (scheme == "http" || scheme == "https") && !parsed->encoded_host().empty() &&
         !parsed->has_fragment();
}

ConnectionManifest read_connection_manifest(const std::filesystem::path& file,
                                            const SchemaLookup& schema_for) {
  ManifestDocument doc;
  load_manifest_document(file, doc);
  return read_connection_document(doc, schema_for, secret_references(file));
}

ConnectionManifest read_connection_document(const ManifestDocument& doc,
                                            const SchemaLookup& schema_for,
                                            const SecretInput& secrets) {
  const std::filesystem::path& file = doc.file;
  std::vector<ManifestProblem> problems;
  ConnectionManifest out;
  out.file = file;
  for (auto [key, value] : doc.root) {
    if (!is_known_key(key)) {
      problems.push_back({"/" + pointer_token(key),
                          "unknown field (a connection manifest has name, connector, "
                          "oauth_client, redirect_uri, settings, secrets, ca_file, "
                          "allow_plain_http)"});
    }
  }
  out.name = required_string(doc.root, "name", "/name", problems);
  if (!out.name.empty() && !is_valid_resource_name(out.name)) {
    problems.push_back({"/name", "must be 1-64 letters, digits, '.', '_' or '-'"});
  }
  out.oauth_client = required_string(doc.root, "oauth_client", "/oauth_client", problems);
  out.redirect_uri = kDefaultRedirectUri;
  if (doc.root["redirect_uri"].error() == simdjson::SUCCESS) {
    out.redirect_uri = required_string(doc.root, "redirect_uri", "/redirect_uri", problems);
    if (!out.redirect_uri.empty() && !is_valid_redirect_uri(out.redirect_uri)) {
      problems.push_back({"/redirect_uri", "must be an absolute http(s) URL without a fragment"});
    }
  }
  if (doc.root["ca_file"].error() == simdjson::SUCCESS) {
    std::filesystem::path ca = required_string(doc.root, "ca_file", "/ca_file", problems);
    if (!ca.empty()) {
      if (ca.is_relative()) ca = file.parent_path() / ca;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(ca, ec)) {
        problems.push_back({"/ca_file", "no such file: " + ca.string()});
      }
      out.ca_file = std::filesystem::absolute(ca, ec).lexically_normal().string();
    }
  }
  if (doc.root["allow_plain_http"].error() == simdjson::SUCCESS &&
      doc.root["allow_plain_http"].get_bool().get(out.allow_plain_http) != simdjson::SUCCESS) {
    problems.push_back({"/allow_plain_http", "must be true or false"});
  }
  const ConnectionSchemaView view = read_connector_schema(doc, schema_for, out.connector, problems);
  out.settings_json = read_settings(doc.root, view, problems);
  out.secrets = read_secrets(doc.root, view, secrets, problems);
  check_required(doc.root, view, secrets, problems);
  if (!problems.empty()) throw ManifestError(file, std::move(problems));
  return out;
}

}  // namespace host::engine
