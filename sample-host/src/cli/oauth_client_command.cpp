// `connector-host oauth-client save|list|show|delete`: OAuth 2.0 clients as resources of their
// own. One app's client serves many connections; its secret is write-only.
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/show_lines.hpp"
#include "cli/state_on_demand.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/connections/oauth_client_manifest.hpp"

namespace host::cli {
namespace {

int save(engine::HostState& state, const std::string& file) {
  store::OAuthClientInput input;
  try {
    input = engine::read_oauth_client_manifest(file, state.schema_lookup());
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
  if (!client) return no_such_name("connector-host oauth-client", "OAuth client", name);
  print_field(std::cout, "name", client->name);
  print_field(std::cout, "connector", client->connector);
  print_json_fields(std::cout, client->fields_json);
  for (const auto& field : client->secret_fields) print_secret_field(std::cout, field);
  const auto users = store::connections_using_client(state.db(), client->id);
  print_field(std::cout, "used by", users.empty() ? "no connection" : comma_separated(users));
  return kExitOk;
}

int remove(engine::HostState& state, const std::string& name) {
  bool found = false;
  const auto users = store::delete_oauth_client(state.db(), name, &found);
  if (!found) return no_such_name("connector-host oauth-client", "OAuth client", name);
  if (!users.empty()) {
    std::cerr << "connector-host oauth-client: cannot delete " << name
              << ": connections use it: " << comma_separated(users)
              << " (delete them or save them with another client first)\n";
    return kExitFailed;
  }
  std::cout << "deleted OAuth client " << name << "\n";
  return kExitOk;
}

}  // namespace

int oauth_client_command(const GlobalOptions& options, std::span<const std::string> args) {
  std::string argument;  // MANIFEST or NAME
  StateOnDemand state(options);
  const OptionTable named{.operands = {{.name = "NAME", .set = set_text(&argument)}}};
  const VerbTable table{
      .command = "connector-host oauth-client",
      .verbs = {{"save",
                 "create or update an OAuth 2.0 client",
                 {.operands = {{.name = "MANIFEST", .set = set_text(&argument)}}},
                 [&] { return save(state(), argument); }},
                {"list", "list the clients", {}, [&] { return list(state()); }},
                {"show", "show one (secrets masked)", named,
                 [&] { return show(state(), argument); }},
                {"delete", "delete one no connection uses", named,
                 [&] { return remove(state(), argument); }}},
      .details =
          "A client manifest is {\"name\", \"connector\", and the connector's OAuth "
          "client fields}; secret fields are references {\"env\": \"VAR\"} or "
          "{\"file\": \"PATH\"}, required on every save. Schema: "
          "manifests/schemas/oauth-client.schema.json."};
  return run_verb(table, args);
}

}  // namespace host::cli
