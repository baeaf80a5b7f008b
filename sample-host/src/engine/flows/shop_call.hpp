// shop_call.hpp: one call of a catalog endpoint for one authorized shop (account) of an open
// connection, for front ends that read or change a shop's settings at the remote side (its
// webhook subscriptions: `connector-host webhooks`, the console's webhooks page).
//
// The call goes through the session caller as a flow's do: paced at the rate the connector
// publishes for the endpoint (in the process's buckets, shared with the flows it runs), the
// token refreshed and the call retried as the connector classifies each answer.
#pragma once

#include <string>
#include <string_view>

#include "engine/authorization/connection_session.hpp"
#include "engine/calls/remote_call.hpp"
#include "engine/calls/retry_policy.hpp"

namespace host::engine {

struct ShopCall {
  // Why no call was made (the shop is not one the connection is authorized for, the connector
  // cannot describe itself); empty when it was.
  std::string refused;
  AuthorizedScope scope;  // the shop called for
  CallResult result;      // when made: ok(), or the remote side's refusal (describe() says it)
};

// Calls `request.endpoint` for `shop` (an authorized shop's id or credential); the request's
// scope credential is set from the shop. ERRORS: throws std::runtime_error only where the
// session does (no usable token, say).
ShopCall call_for_shop(ConnectionSession& session, std::string_view shop, CallRequest request,
                       const RetryPolicy& retries);

}  // namespace host::engine
