// webhook_admin.hpp: the sandbox's own webhook endpoints, for tests and demos (not TikTok's):
//   GET  /__sandbox/webhooks                         every delivery so far, with its state
//   POST /__sandbox/webhooks/emit                    {shop_id, type, data}: raise any event
//   POST /__sandbox/webhooks/deauthorize             {shop_id}: SELLER_DEAUTHORIZATION
//   POST /__sandbox/webhooks/authorization_expiring  {shop_id, expire_time?}:
//                                                    UPCOMING_AUTHORIZATION_EXPIRATION
// Raised events go to the shop's subscribed address for the topic, like data-change events.
// They are unsigned (local admin calls) and not rate limited or fault injected.
#pragma once

#include <optional>

#include "api_types.hpp"
#include "sandbox_state.hpp"
#include "webhook_dispatcher.hpp"

namespace sandbox {

// The answer when `request` is for one of the paths above; nullopt for any other path.
// POST answers use TikTok's envelope with data {"notification_ids":[...]} (empty when the shop
// has no subscription for the topic). THREADING: takes state.mutex itself.
std::optional<ApiResponse> handle_webhook_admin(const ApiRequest& request, SandboxState& state,
                                                WebhookDispatcher& dispatcher);

}  // namespace sandbox
