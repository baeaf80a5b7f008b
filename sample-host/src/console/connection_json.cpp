#include "console/connection_json.hpp"

#include "engine/authorization/connection_report.hpp"
#include "webhook/authorization_alerts.hpp"

namespace host::console {
namespace {

// The console's four states from the engine's word and the webhook alerts.
std::string_view console_state(std::string_view engine_state,
                               const std::vector<webhook::AuthorizationAlert>& alerts) {
  if (engine_state == "not-authorized") return "not authorized";
  if (engine_state == "needs-reauthorization") return "deauthorized";
  for (const auto& alert : alerts) {
    if (alert.kind == webhook::AlertKind::kDeauthorized) return "deauthorized";
  }
  if (engine_state == "refresh-expiring" || !alerts.empty()) return "expiring";
  return "authorized";
}

}  // namespace

void write_shops(jsonw::Writer& w, const std::vector<store::ScopeRow>& scopes) {
  w.key("shops").begin_array();
  for (const auto& scope : scopes) {
    w.begin_object().field("shop_id", scope.id).field("name", scope.name);
    w.field("region", scope.region).field("cipher", scope.credential).end_object();
  }
  w.end_array();
}

void write_connection(jsonw::Writer& w, engine::HostState& state,
                      const store::ConnectionRecord& record, bool detail) {
  const auto tokens = store::read_token_summary(state.db(), record.id);
  const auto alerts = webhook::authorization_alerts(state.db(), record.name);
  const std::string engine_state = engine::authorization_state(tokens, store::unix_now());
  w.begin_object().field("name", record.name).field("connector", record.connector);
  w.field("oauth_client", record.oauth_client_name).field("redirect_uri", record.redirect_uri);
  w.field("state", console_state(engine_state, alerts));
  w.field("state_detail", engine_state);
  write_shops(w, store::read_scopes(state.db(), record.id));
  w.key("alerts").begin_array();
  for (const auto& alert : alerts) {
    w.begin_object().field("shop_id", alert.account_id);
    w.field("kind", webhook::alert_kind_name(alert.kind)).field("event_type", alert.event_type);
    w.end_object();
  }
  w.end_array();
  if (detail) {
    w.raw_field("settings", record.settings_json.empty() ? "{}" : record.settings_json);
    w.key("secret_fields_set").begin_array();
    for (const auto& field : record.secret_fields) w.value(field);
    w.end_array();
    w.field("token_expires_at", tokens ? tokens->access_expires_at : 0);
    w.field("refresh_expires_at", tokens ? tokens->refresh_expires_at : 0);
    w.field("allow_plain_http", record.allow_plain_http);
  }
  w.end_object();
}

}  // namespace host::console
