// `connector-host connection save|list|show|test|delete`: connections from connection manifests,
// with their secrets encrypted at rest and shown masked.
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/show_lines.hpp"
#include "cli/state_on_demand.hpp"
#include "engine/authorization/connection_check.hpp"
#include "engine/authorization/connection_report.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/connections/connection_lease.hpp"
#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/connection_save.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/flows/version_drift.hpp"
#include "log/log_sink.hpp"
#include "store/token_store.hpp"
#include "webhook/authorization_alerts.hpp"

namespace host::cli {
namespace {

int save(engine::HostState& state, const std::string& file) {
  std::string name, connector, client, redirect_uri;  // for the lines printed after saving
  try {
    engine::ConnectionManifest manifest =
        engine::read_connection_manifest(file, state.schema_lookup());
    name = manifest.name;
    connector = manifest.connector;
    client = manifest.oauth_client;
    redirect_uri = manifest.redirect_uri;
    engine::save_connection_manifest(state, std::move(manifest));
  } catch (const engine::ManifestError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
  std::cout << "saved connection " << name << " (connector " << connector << ", OAuth client "
            << client << ")\n"
            << "redirect URI: " << redirect_uri << "\n"
            << "next: `connector-host authorize " << name << "`\n";
  return kExitOk;
}

int list(engine::HostState& state) {
  const auto connections = store::list_connections(state.db());
  if (connections.empty()) std::cout << "no connections; add one with `connection save`\n";
  const int64_t now = store::unix_now();
  for (const auto& c : connections) {
    const auto tokens = store::read_token_summary(state.db(), c.id);
    std::cout << c.name << "  connector " << c.connector << "  client " << c.oauth_client_name
              << "  " << engine::authorization_state(tokens, now) << "  "
              << store::read_scopes(state.db(), c.id).size() << " shop(s)";
    // Webhooks (SELLER_DEAUTHORIZATION, UPCOMING_AUTHORIZATION_EXPIRATION) name what to renew.
    for (const auto& alert : webhook::authorization_alerts(state.db(), c.name)) {
      std::cout << "  " << (alert.account_id.empty() ? "all shops" : "shop " + alert.account_id)
                << ": " << webhook::alert_kind_name(alert.kind);
    }
    std::cout << "\n";
  }
  return kExitOk;
}

int show(engine::HostState& state, const std::string& name) {
  const auto c = store::find_connection(state.db(), name);
  if (!c) return no_such_name("connector-host connection", "connection", name);
  print_field(std::cout, "name", c->name);
  print_field(std::cout, "connector", c->connector);
  print_field(std::cout, "oauth client", c->oauth_client_name);
  print_field(std::cout, "redirect uri", c->redirect_uri);
  print_field(std::cout, "settings", c->settings_json);
  if (!c->ca_file.empty()) print_field(std::cout, "ca file", c->ca_file);
  if (c->allow_plain_http) {
    print_field(std::cout, "plain http", "allowed to hosts other than loopback (unencrypted)");
  }
  for (const auto& field : c->secret_fields) print_secret_field(std::cout, "secret " + field);
  engine::print_authorization(std::cout, c->name, store::read_token_summary(state.db(), c->id),
                              store::unix_now());
  engine::print_scopes(std::cout, store::read_scopes(state.db(), c->id));
  const auto alerts = webhook::authorization_alerts(state.db(), c->name);
  if (!alerts.empty()) {
    std::cout << "needs re-authorizing (from webhooks; run `connector-host authorize " << c->name
              << "`):\n";
    for (const auto& alert : alerts) {
      std::cout << "  " << (alert.account_id.empty() ? "all shops" : "shop " + alert.account_id)
                << "  " << webhook::alert_kind_name(alert.kind) << "  (" << alert.event_type
                << ", event " << alert.event_id << ")\n";
    }
  }
  return kExitOk;
}

int test(const GlobalOptions& options, const std::string& name) {
  auto session = engine::open_session(options, name);
  engine::warn_version_drift(session->connector().api(), session->connection(), std::cerr);
  const std::vector<store::ScopeRow> scopes = engine::check_connection(options, *session);
  std::cout << "connection " << name << " works: the token covers " << scopes.size()
            << " shop(s)\n";
  engine::print_scopes(std::cout, scopes);
  return kExitOk;
}

int remove(engine::HostState& state, const std::string& name, bool force) {
  const auto record = store::find_connection(state.db(), name);
  if (!record) return no_such_name("connector-host connection", "connection", name);
  const auto holders = engine::live_connection_leases(state.db(), record->id);
  if (!holders.empty() && !force) {
    std::cerr << "connector-host connection: connection " << name << " is in use by:\n";
    for (const auto& h : holders) {
      std::cerr << "  " << engine::describe_lease_holder(h) << " (since unix " << h.started_at
                << ")\n";
    }
    std::cerr << "stop them first, or delete with --force (they stop at their next step)\n";
    return kExitFailed;
  }
  // Revoked first: a holder that checks between the two statements already stops.
  engine::revoke_connection_leases(state.db(), record->id);
  if (!holders.empty()) {
    log::warn("connection", "deleting " + name + " while " + std::to_string(holders.size()) +
                                " run(s) or listener(s) use it; they stop at their next step");
  }
  if (!store::delete_connection(state.db(), name)) {
    return no_such_name("connector-host connection", "connection", name);
  }
  std::cout << "deleted connection " << name << " (its secrets, tokens and shops too)\n";
  return kExitOk;
}

}  // namespace

int connection_command(const GlobalOptions& options, std::span<const std::string> args) {
  std::string argument;  // MANIFEST or NAME
  bool force = false;
  StateOnDemand state(options);
  const auto named = [&argument] {
    return OptionTable{.operands = {{.name = "NAME", .set = set_text(&argument)}}};
  };
  OptionTable remove_table = named();
  remove_table.options = {flag_option(
      "--force",
      "delete it even while a run or a listener uses it (they then stop at their next step)",
      &force)};
  const VerbTable table{
      .command = "connector-host connection",
      .verbs = {{"save",
                 "create or update a connection",
                 {.operands = {{.name = "MANIFEST", .set = set_text(&argument)}}},
                 [&] { return save(state(), argument); }},
                {"list", "list connections and their state", {}, [&] { return list(state()); }},
                {"show", "settings (secrets masked), tokens, shops", named(),
                 [&] { return show(state(), argument); }},
                {"test", "call the shops endpoint; print the shops", named(),
                 [&] { return test(options, argument); }},
                {"delete",
                 "delete it with its secrets and tokens; refused while a run or a listener uses "
                 "it, unless --force",
                 remove_table, [&] { return remove(state(), argument, force); }}},
      .details =
          "A connection manifest names the connection, the connector, the OAuth client, "
          "settings, secret references ({\"env\": \"VAR\"} or {\"file\": \"PATH\"}, "
          "required on every save), the redirect URI (default "
          "http://127.0.0.1:8765/connection/oauth2callback) and an extra CA to trust for "
          "HTTPS (ca_file). Paths in it are relative to the manifest's folder.\nSchema: "
          "manifests/schemas/connection.schema.json."};
  return run_verb(table, args);
}

}  // namespace host::cli
