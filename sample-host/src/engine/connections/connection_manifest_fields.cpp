#include "engine/connections/connection_manifest_fields.hpp"

#include "engine/connections/json_duplicate_keys.hpp"

namespace host::engine {
namespace {

bool type_matches(std::string_view type, simdjson::dom::element value) {
  using simdjson::dom::element_type;
  const element_type t = value.type();
  if (type.empty()) return true;
  if (type == "string") return t == element_type::STRING;
  if (type == "object") return t == element_type::OBJECT;
  if (type == "array") return t == element_type::ARRAY;
  if (type == "boolean") return t == element_type::BOOL;
  if (type == "integer") return t == element_type::INT64 || t == element_type::UINT64;
  if (type == "number") {
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
  }
  return true;  // a type this host does not check: the connector validates it
}

}  // namespace

ManifestError::ManifestError(const std::filesystem::path& file,
                             std::vector<ManifestProblem> problems)
    : std::runtime_error(manifest::describe_problems(file, problems)),
      file_(file),
      problems_(std::move(problems)) {}

void load_manifest_document(const std::filesystem::path& file, ManifestDocument& out) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(file.string()).get(text) != simdjson::SUCCESS) {
    throw ManifestError(file, {{"", "cannot read the file"}});
  }
  parse_manifest_document(text, file, out);
}

void parse_manifest_document(std::string_view text, const std::filesystem::path& label,
                             ManifestDocument& out) {
  const std::filesystem::path& file = label;
  out.file = label;
  simdjson::dom::element root;
  if (auto error = out.parser.parse(text.data(), text.size()).get(root);
      error != simdjson::SUCCESS) {
    throw ManifestError(
        file, {{"", std::string("is not valid JSON: ") + simdjson::error_message(error)}});
  }
  if (root.get_object().get(out.root) != simdjson::SUCCESS) {
    throw ManifestError(file, {{"", "must be a JSON object"}});
  }
  std::vector<ManifestProblem> repeated;
  for (auto& pointer : duplicate_key_pointers(root)) {
    repeated.push_back({std::move(pointer),
                        "repeats a key given earlier in the same object (JSON readers disagree "
                        "on which one counts): keep one"});
  }
  if (!repeated.empty()) throw ManifestError(file, std::move(repeated));
}

std::string required_string(simdjson::dom::object object, std::string_view key,
                            std::string_view pointer, std::vector<ManifestProblem>& problems) {
  simdjson::dom::element value;
  if (object[key].get(value) != simdjson::SUCCESS) {
    problems.push_back({std::string(pointer), "is required"});
    return {};
  }
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS || text.empty()) {
    problems.push_back({std::string(pointer), "must be a non-empty string"});
    return {};
  }
  return std::string(text);
}

ConnectionSchemaView read_connector_schema(const ManifestDocument& doc,
                                           const SchemaLookup& schema_for, std::string& connector,
                                           std::vector<ManifestProblem>& problems) {
  connector = required_string(doc.root, "connector", "/connector", problems);
  if (connector.empty()) throw ManifestError(doc.file, std::move(problems));
  try {
    return schema_for(connector);
  } catch (const std::exception& e) {
    problems.push_back({"/connector", e.what()});
    throw ManifestError(doc.file, std::move(problems));
  }
}

void check_plain_value(const SchemaField& field, simdjson::dom::element value,
                       const std::string& pointer, std::vector<ManifestProblem>& problems) {
  if (!type_matches(field.type, value)) {
    problems.push_back({pointer, "must be of type " + field.type});
    return;
  }
  if (field.enum_values.empty()) return;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) {
    for (const auto& allowed : field.enum_values) {
      if (allowed == text) return;
    }
  }
  std::string allowed;
  for (const auto& v : field.enum_values) allowed += (allowed.empty() ? "\"" : ", \"") + v + "\"";
  problems.push_back({pointer, "must be one of " + allowed});
}

std::optional<store::SecretString> read_secret_value(simdjson::dom::element value,
                                                     const std::string& pointer,
                                                     const std::filesystem::path& manifest_file,
                                                     std::vector<ManifestProblem>& problems) {
  simdjson::dom::object reference;
  if (value.get_object().get(reference) != simdjson::SUCCESS || reference.size() != 1) {
    problems.push_back({pointer,
                        "is a secret: give a reference {\"env\": \"NAME\"} or {\"file\": "
                        "\"PATH\"}, never the value itself"});
    return std::nullopt;
  }
  SecretReference parsed;
  for (auto [key, target] : reference) {
    std::string_view text;
    if (key == "env") {
      parsed.kind = SecretReference::Kind::kEnv;
    } else if (key == "file") {
      parsed.kind = SecretReference::Kind::kFile;
    } else {
      problems.push_back({jsonw::child_pointer(pointer, key),
                          "unknown secret reference kind (use \"env\" or \"file\")"});
      return std::nullopt;
    }
    if (target.get_string().get(text) != simdjson::SUCCESS || text.empty()) {
      problems.push_back({jsonw::child_pointer(pointer, key), "must be a non-empty string"});
      return std::nullopt;
    }
    parsed.target = std::string(text);
  }
  std::string error;
  auto secret = resolve_secret_reference(parsed, manifest_file.parent_path(), &error);
  if (!secret) problems.push_back({pointer, error});
  return secret;
}

SecretInput secret_references(const std::filesystem::path& manifest_file) {
  return {[manifest_file](simdjson::dom::element value, const std::string& pointer,
                          std::vector<ManifestProblem>& problems) {
            return read_secret_value(value, pointer, manifest_file, problems);
          },
          "is required (a secret: give it on every save, as a reference {\"env\": ...} or "
          "{\"file\": ...})"};
}

SecretInput secret_values() {
  return {[](simdjson::dom::element value, const std::string& pointer,
             std::vector<ManifestProblem>& problems) -> std::optional<store::SecretString> {
            std::string_view text;
            if (value.get_string().get(text) != simdjson::SUCCESS || text.empty()) {
              problems.push_back({pointer, "is a secret: give its value as a non-empty string"});
              return std::nullopt;
            }
            if (text.size() > kMaxSecretFileBytes) {
              problems.push_back({pointer, "is larger than " + std::to_string(kMaxSecretFileBytes) +
                                               " bytes, the most a secret may hold"});
              return std::nullopt;
            }
            return store::SecretString(std::string(text));
          },
          "is required (a secret: type it again on every save; it is stored encrypted and never "
          "shown)"};
}

std::string field_list(const ObjectSchema& schema, bool secret) {
  std::string out;
  for (const auto& f : schema.fields) {
    if (f.secret != secret || f.name == kNameConfigKey || f.name == kOAuthClientConfigKey) continue;
    out += (out.empty() ? "" : ", ") + f.name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace host::engine
