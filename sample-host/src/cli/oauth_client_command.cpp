// `connector-host oauth-client save|list|show|delete`: OAuth 2.0 clients as resources of their
// own. One app's client serves many connections; its secret is write-only.
#include <simdjson.h>

#include <iostream>
#include <span>
#include <string>
#include <text_codec/secret_mask.hpp>

#include "cli/command.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/connections/oauth_client_manifest.hpp"
#include "log/log_sink.hpp"

namespace host::cli {
namespace {

constexpr const char* kUsage =
    "usage: connector-host oauth-client save MANIFEST   create or update an OAuth 2.0 client\n"
    "       connector-host oauth-client list            list the clients\n"
    "       connector-host oauth-client show NAME       show one (secrets masked)\n"
    "       connector-host oauth-client delete NAME     delete one no connection uses\n"
    "A client manifest is {\"name\", \"connector\", and the connector's OAuth client fields};\n"
    "secret fields are references {\"env\": \"VAR\"} or {\"file\": \"PATH\"}, required on every\n"
    "save. Schema: manifests/schemas/oauth-client.schema.json.\n";

// Prints each member of a stored JSON object as "  key: value".
void print_fields(std::string_view fields_json) {
  simdjson::dom::parser parser;
  simdjson::dom::object fields;
  if (parser.parse(fields_json.data(), fields_json.size()).get_object().get(fields) !=
      simdjson::SUCCESS) {
    return;
  }
  for (auto [key, value] : fields) {
    std::string_view text;
    std::string shown = value.get_string().get(text) == simdjson::SUCCESS ? std::string(text)
                                                                          : simdjson::minify(value);
    std::string label = std::string(key) + ":";
    if (label.size() < 20) label.resize(20, ' ');
    std::cout << label << " " << shown << "\n";
  }
}

int save(engine::HostState& state, const std::string& file) {
  engine::SchemaLookup lookup = [&](const std::string& id) {
    return engine::read_connection_schema_view(*state.load_connector(id));
  };
  store::OAuthClientInput input;
  try {
    input = engine::read_oauth_client_manifest(file, lookup);
  } catch (const engine::ManifestError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
  store::save_oauth_client(state.db(), state.box(), input);
  std::cout << "saved OAuth client " << input.name << " (connector " << input.connector << ", "
            << input.secrets.size() << " secret field(s) stored encrypted)\n";
  return kExitOk;
}

int list(engine::HostState& state) {
  const auto clients = store::list_oauth_clients(state.db());
  if (clients.empty()) std::cout << "no OAuth clients; add one with `oauth-client save`\n";
  for (const auto& c : clients) {
    const auto users = store::connections_using_client(state.db(), c.id);
    std::cout << c.name << "  connector " << c.connector << "  used by " << users.size()
              << " connection(s)\n";
  }
  return kExitOk;
}

int show(engine::HostState& state, const std::string& name) {
  const auto client = store::find_oauth_client(state.db(), name);
  if (!client) {
    std::cerr << "connector-host oauth-client: no OAuth client named " << name << "\n";
    return kExitFailed;
  }
  std::cout << "name:                " << client->name << "\n"
            << "connector:           " << client->connector << "\n";
  print_fields(client->fields_json);
  for (const auto& field : client->secret_fields) {
    std::string label = field + ":";
    if (label.size() < 20) label.resize(20, ' ');
    std::cout << label << " " << textcodec::kSecretMask << " (stored encrypted; write-only)\n";
  }
  std::cout << "used by:             ";
  const auto users = store::connections_using_client(state.db(), client->id);
  for (size_t i = 0; i < users.size(); ++i) std::cout << (i ? ", " : "") << users[i];
  std::cout << (users.empty() ? "no connection\n" : "\n");
  return kExitOk;
}

int remove(engine::HostState& state, const std::string& name) {
  bool found = false;
  const auto users = store::delete_oauth_client(state.db(), name, &found);
  if (!found) {
    std::cerr << "connector-host oauth-client: no OAuth client named " << name << "\n";
    return kExitFailed;
  }
  if (!users.empty()) {
    std::cerr << "connector-host oauth-client: cannot delete " << name << ": connections use it: ";
    for (size_t i = 0; i < users.size(); ++i) std::cerr << (i ? ", " : "") << users[i];
    std::cerr << " (delete them or save them with another client first)\n";
    return kExitFailed;
  }
  std::cout << "deleted OAuth client " << name << "\n";
  return kExitOk;
}

}  // namespace

int oauth_client_command(const GlobalOptions& options, std::span<const std::string> args) {
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson : log::Format::kHuman);
  if (int code = check_verb_arguments(args, kUsage, {"save", "show", "delete"}); code >= 0) return code;
  const std::string& verb = args[0];
  engine::HostState state(options);
  if (verb == "save") return save(state, args[1]);
  if (verb == "list") return list(state);
  if (verb == "show") return show(state, args[1]);
  return remove(state, args[1]);
}

}  // namespace host::cli
