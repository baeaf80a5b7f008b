// handler_context.hpp: what an endpoint handler receives, and the handler table's types.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api_types.hpp"
#include "sandbox_counters.hpp"
#include "sandbox_state.hpp"
#include "webhook_events.hpp"

namespace sandbox {

// REQUIRES: state.mutex is held for the whole life of a context.
struct HandlerContext {
  const ApiRequest& request;
  SandboxState& state;
  ShopData* shop = nullptr;              // the shop named by shop_cipher; null on shopless routes
  const TokenGrant* grant = nullptr;     // the caller's grant on signed routes
  std::vector<std::string> path_params;  // the {id} segments of the route, in order
  std::string version;                   // the version segment ("202309"), empty if none
  std::int64_t now = 0;
  // Writes this call applied ("inventory:<product id>"), each saying whether it changed state.
  std::vector<AppliedWrite> writes;
  // Webhook events the change raises for `shop`; delivered only when the call succeeds.
  std::vector<WebhookEvent> events;
};

using Handler = ApiResponse (*)(HandlerContext&);

// Whether `shop` is one of the shops of the seller who authorized `grant` (what seller-level
// calls answer about), deauthorized or not.
inline bool sellers_shop(const ShopData& shop, const TokenGrant& grant) {
  return shop.info.seller == static_cast<int>(grant.seller);
}

// Who may call a route and what it must carry.
enum class Gate {
  kAuthorizePage,  // browser page: no signature
  kTokenApi,       // /api/v2/token/*: app_key + app_secret in the query, no signature
  kSignedApi,      // the Open API: signed, timestamped, access token header
  kPublicFile,     // a file the sandbox serves from its own origin (shipping documents): the
                   // unguessable id in the path is the only credential, like a signed CDN URL
};
enum class ShopScope { kRequired, kForbidden };
enum class BodyKind { kJson, kMultipart };

// A version TikTok no longer serves for an endpoint, and since when (for the error message).
struct RetiredVersion {
  std::string_view version;
  std::string_view since;  // "2026-08-15"
};

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/order/{version}/orders/search"; {version} and {id} segments
  std::string_view name;     // stable endpoint name for rate limits and idempotency
  Gate gate;
  ShopScope scope;
  BodyKind body;
  bool is_write;
  // The versions this endpoint serves ({version} segment); any other answers 36009014.
  std::span<const std::string_view> versions;
  Handler handler;
  // Versions TikTok shut off; they answer 36009014 too, naming the date.
  std::span<const RetiredVersion> retired = {};
};

}  // namespace sandbox
