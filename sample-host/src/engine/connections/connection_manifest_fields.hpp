// connection_manifest_fields.hpp: what the OAuth client and connection manifest readers share:
// problems that name the file and the field (a JSON pointer), loading a manifest as JSON, and
// checking one value against a field of the connector's connection schema.
#pragma once

#include <simdjson.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <json_writer/json_pointer.hpp>

#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/secret_reference.hpp"
#include "manifest/manifest_problem.hpp"
#include "store/connection_tables.hpp"

namespace host::engine {

using jsonw::pointer_token;
using manifest::ManifestProblem;

// A manifest that cannot be used. what() is manifest::describe_problems: one
// "FILE: POINTER: MESSAGE" line per problem (and never a secret's value). Commands map it to exit
// code 2.
class ManifestError : public std::runtime_error {
 public:
  ManifestError(const std::filesystem::path& file, std::vector<ManifestProblem> problems);
  const std::filesystem::path& file() const { return file_; }
  const std::vector<ManifestProblem>& problems() const { return problems_; }

 private:
  std::filesystem::path file_;
  std::vector<ManifestProblem> problems_;
};

// Finds a connector by id and reads its schema view. Throws std::runtime_error when there is no
// such connector or it cannot be loaded (the readers report that against "/connector").
using SchemaLookup = std::function<ConnectionSchemaView(const std::string& connector_id)>;

// A manifest file parsed as a JSON object. The parser owns the document the root points into.
struct ManifestDocument {
  std::filesystem::path file;
  simdjson::dom::parser parser;
  simdjson::dom::object root;
};

// Reads and parses `file`. ERRORS: throws ManifestError (unreadable, not JSON, not an object,
// a key repeated within an object: one problem per repeat, at its JSON pointer).
void load_manifest_document(const std::filesystem::path& file, ManifestDocument& out);

// Parses a document that did not come from a file (a web console's request body); `label` names
// it in problems and relative paths in it resolve against the current directory.
// ERRORS: as load_manifest_document.
void parse_manifest_document(std::string_view text, const std::filesystem::path& label,
                             ManifestDocument& out);

// How a document gives its secret fields: a manifest file holds references ({"env"} or
// {"file"}, resolved here), a console's form the values a person typed.
struct SecretInput {
  // Reads the secret at `pointer`; records a problem (never with the value) and returns nullopt
  // when it is not usable.
  std::function<std::optional<store::SecretString>(
      simdjson::dom::element value, const std::string& pointer,
      std::vector<ManifestProblem>& problems)>
      read;
  std::string_view required_message;  // for a required secret field that is missing
};

// References resolved relative to `manifest_file`'s folder (read_secret_value).
SecretInput secret_references(const std::filesystem::path& manifest_file);

// Values given in clear as non-empty strings of at most kMaxSecretFileBytes (a console's form).
SecretInput secret_values();

// Reads the required "connector" member into `connector` and returns that connector's schema view.
// ERRORS: throws ManifestError with `problems` so far (the caller's checks of the other fields)
// and the problem at "/connector" when it is missing or names no connector that can be loaded:
// without a schema the settings and secrets cannot be checked.
ConnectionSchemaView read_connector_schema(const ManifestDocument& doc,
                                           const SchemaLookup& schema_for, std::string& connector,
                                           std::vector<ManifestProblem>& problems);

// A required non-empty string member; records a problem and returns "" otherwise.
std::string required_string(simdjson::dom::object object, std::string_view key,
                            std::string_view pointer, std::vector<ManifestProblem>& problems);

// Checks a plain (non-secret) value against the field's declared type and enum.
void check_plain_value(const SchemaField& field, simdjson::dom::element value,
                       const std::string& pointer, std::vector<ManifestProblem>& problems);

// Reads a secret reference ({"env": NAME} or {"file": PATH}) and resolves it relative to the
// manifest's folder. Records a problem (never with the value) and returns nullopt on failure.
std::optional<store::SecretString> read_secret_value(simdjson::dom::element value,
                                                     const std::string& pointer,
                                                     const std::filesystem::path& manifest_file,
                                                     std::vector<ManifestProblem>& problems);

// Names of the fields a schema accepts, "a, b, c", for "unknown field" messages.
std::string field_list(const ObjectSchema& schema, bool secret);

}  // namespace host::engine
