#include "engine/flows/shop_call.hpp"

#include "engine/calls/rate_limiter.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_session_caller.hpp"
#include "loader/connector_description.hpp"

namespace host::engine {

ShopCall call_for_shop(ConnectionSession& session, std::string_view shop, CallRequest request,
                       const RetryPolicy& retries) {
  ShopCall call;
  const std::optional<AuthorizedScope> scope = session.find_scope(shop);
  if (!scope) {
    std::string known;
    for (const auto& s : session.scopes()) known += (known.empty() ? "" : " ") + s.id;
    call.refused = "connection " + session.name() + " is not authorized for shop " +
                   std::string(shop) + " (authorized: " + (known.empty() ? "none" : known) + ")";
    return call;
  }
  call.scope = *scope;
  const auto description = loader::describe_connector(session.connector());
  if (!description.ok()) {
    call.refused = description.error;
    return call;
  }
  const FlowCatalog catalog = parse_flow_catalog(description.json);
  request.scope_credential = scope->credential;
  SessionRemoteCaller caller(
      session, {&process_rate_limiters(), session.app_id() + "/" + scope->id + "/", 0, &catalog},
      retries);
  call.result = caller.call(request);
  return call;
}

}  // namespace host::engine
