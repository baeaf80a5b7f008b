#include "engine/connections/oauth_client_manifest.hpp"

#include <json_writer/json_writer.hpp>

namespace host::engine {

bool is_valid_resource_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

store::OAuthClientInput read_oauth_client_manifest(const std::filesystem::path& file,
                                                   const SchemaLookup& schema_for) {
  ManifestDocument doc;
  load_manifest_document(file, doc);
  return read_oauth_client_document(doc, schema_for, secret_references(file));
}

store::OAuthClientInput read_oauth_client_document(const ManifestDocument& doc,
                                                   const SchemaLookup& schema_for,
                                                   const SecretInput& secrets) {
  const std::filesystem::path& file = doc.file;
  std::vector<ManifestProblem> problems;
  store::OAuthClientInput input;
  input.name = required_string(doc.root, "name", "/name", problems);
  if (!input.name.empty() && !is_valid_resource_name(input.name)) {
    problems.push_back({"/name", "must be 1-64 letters, digits, '.', '_' or '-'"});
  }
  const ConnectionSchemaView view =
      read_connector_schema(doc, schema_for, input.connector, problems);
  if (view.oauth_client.fields.empty()) {
    problems.push_back({"/connector", "connector " + input.connector +
                                          " declares no OAuth client fields in its schema"});
    throw ManifestError(file, std::move(problems));
  }

  jsonw::Writer w(input.fields_json);
  w.begin_object();
  for (auto [key, value] : doc.root) {
    // "$schema" and "description" are for editors and readers; the host ignores them.
    if (key == "name" || key == "connector" || key == "$schema" || key == "description") continue;
    const std::string pointer = "/" + pointer_token(key);
    const SchemaField* field = view.oauth_client.find(key);
    if (field == nullptr) {
      problems.push_back({pointer, "unknown field; connector " + input.connector +
                                       "'s OAuth client has " +
                                       field_list(view.oauth_client, false) + " and secrets " +
                                       field_list(view.oauth_client, true)});
      continue;
    }
    if (field->secret) {
      auto secret = secrets.read(value, pointer, problems);
      if (secret) input.secrets.push_back({field->name, std::move(*secret)});
    } else {
      check_plain_value(*field, value, pointer, problems);
      w.raw_field(field->name, simdjson::minify(value));
    }
  }
  w.end_object();
  for (const auto& field : view.oauth_client.fields) {
    if (field.required && doc.root[field.name].error() != simdjson::SUCCESS) {
      problems.push_back({"/" + pointer_token(field.name),
                          field.secret ? std::string(secrets.required_message) : "is required"});
    }
  }
  if (!problems.empty()) throw ManifestError(file, std::move(problems));
  return input;
}

}  // namespace host::engine
