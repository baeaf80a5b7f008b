// Read-only views of one connection: GET /api/v1/connections/NAME/http (the connector's
// connection_describe: hosts, where the token goes, the signing rule, endpoint versions; secrets
// masked by the connector), GET /api/v1/connections/NAME/webhooks (the inbox and the
// authorization alerts webhooks raised) and GET .../webhooks/subscriptions (each shop's
// subscriptions at the remote side, through the connector's webhooks.list).
#include <connector_abi/connector.hpp>
#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/calls/connector_call.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/flows/shop_call.hpp"
#include "webhook/authorization_alerts.hpp"
#include "webhook/inbox_store.hpp"

namespace host::console {
namespace {

// The most undelivered deliveries the view lists.
constexpr size_t kInboxListed = 50;
// The catalog endpoint that lists a shop's webhook subscriptions (the connector's catalog;
// connector-host webhooks list calls the same).
constexpr const char* kSubscriptionsEndpoint = "webhooks.list";
// A few attempts per shop: a person is waiting for the page.
constexpr engine::RetryPolicy kSubscriptionRetries{std::chrono::milliseconds(500),
                                                   std::chrono::milliseconds(4'000), 3};

http::OutgoingResponse http_view(const ConsoleContext& context, const std::string& name) {
  engine::HostState state(context.paths);
  if (!store::find_connection(state.db(), name)) {
    return error_response(404, "no connection named " + name);
  }
  const engine::OpenedConnection opened = engine::open_stored_connection(state, name);
  const engine::ConnectorTarget target{opened.connector, opened.handle.get()};
  cnx::BufferPtr buffer;
  const cnx::Status status = engine::call_for_output(
      target, buffer, [&](const cnx_connector_api& api, cnx_buffer** out, cnx_error** error) {
        return api.connection_describe(target.connection, out, error);
      });
  if (!status.ok() || !buffer) {
    return error_response(502,
                          "the connector cannot describe the connection: " + status.to_string());
  }
  return json_response(200, std::string(cnx::to_view(buffer->bytes)));
}

http::OutgoingResponse webhooks_view(const ConsoleContext& context, const std::string& name) {
  engine::HostState state(context.paths);
  if (!store::find_connection(state.db(), name)) {
    return error_response(404, "no connection named " + name);
  }
  std::vector<webhook::InboxEvent> inbox;
  int64_t total = 0;
  try {
    inbox = webhook::read_undelivered(state.db(), name, 0, kInboxListed);
    total = webhook::count_events(state.db(), name, false);
  } catch (const store::StoreError&) {
    // No webhook tables yet: no delivery ever arrived.
  }
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().field("inbox_total", total).key("inbox").begin_array();
  for (const auto& event : inbox) {
    w.begin_object().field("event_id", event.event_id).field("event_type", event.event_type);
    w.field("shop_id", event.account_id).field("occurred_at", event.occurred_at);
    w.field("received_at", event.received_at).end_object();
  }
  w.end_array().key("alerts").begin_array();
  for (const auto& alert : webhook::authorization_alerts(state.db(), name)) {
    w.begin_object().field("shop_id", alert.account_id);
    w.field("kind", webhook::alert_kind_name(alert.kind)).field("event_type", alert.event_type);
    w.field("event_id", alert.event_id).field("received_at", alert.received_at).end_object();
  }
  w.end_array().end_object();
  return json_response(200, std::move(out));
}

// One shop's subscriptions into `w`: {"shop_id","name","subscriptions":[...],"error":null}, or
// "subscriptions" null and the error that kept them from the page.
void write_shop_subscriptions(jsonw::Writer& w, engine::ConnectionSession& session,
                              const engine::AuthorizedScope& shop) {
  w.begin_object().field("shop_id", shop.id).field("name", shop.name);
  std::string error;
  engine::ShopCall call;
  try {
    engine::CallRequest request;
    request.endpoint = kSubscriptionsEndpoint;
    call = engine::call_for_shop(session, shop.id, std::move(request), kSubscriptionRetries);
    if (!call.refused.empty()) {
      error = call.refused;
    } else if (!call.result.ok()) {
      error = "the remote side did not list the subscriptions: " + call.result.describe();
    }
  } catch (const std::exception& e) {
    error = e.what();
  }
  w.key("subscriptions");
  if (error.empty()) {
    w.begin_array();
    for (size_t i = 0; i < call.result.records.size(); ++i) w.raw(call.result.record(i));
    w.end_array().key("error").null();
  } else {
    w.null().field("error", error);
  }
  w.end_object();
}

http::OutgoingResponse subscriptions_view(const ConsoleContext& context, const std::string& name) {
  {
    engine::HostState state(context.paths);
    if (!store::find_connection(state.db(), name)) {
      return error_response(404, "no connection named " + name);
    }
  }
  std::unique_ptr<engine::ConnectionSession> session;
  try {
    session = engine::open_session(context.paths, name);
  } catch (const std::exception& e) {
    return error_response(409, e.what());
  }
  if (session->scopes().empty()) {
    return error_response(409, "connection " + name +
                                   " covers no shop yet: authorize it, then its shops' "
                                   "subscriptions can be listed");
  }
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().key("shops").begin_array();
  for (const auto& shop : session->scopes()) write_shop_subscriptions(w, *session, shop);
  w.end_array().end_object();
  return json_response(200, std::move(out));
}

}  // namespace

std::optional<http::OutgoingResponse> connection_views_api(const ConsoleContext& context,
                                                           const ApiRequest& request) {
  if (route_is(request, "GET", {"connections", "*", "http"})) {
    return http_view(context, request.segments[1]);
  }
  if (route_is(request, "GET", {"connections", "*", "webhooks"})) {
    return webhooks_view(context, request.segments[1]);
  }
  if (route_is(request, "GET", {"connections", "*", "webhooks", "subscriptions"})) {
    return subscriptions_view(context, request.segments[1]);
  }
  return std::nullopt;
}

}  // namespace host::console
