// request_verifier.hpp: the gateway checks every signed Open API call passes, in TikTok's order.
#pragma once

#include <variant>

#include "handler_context.hpp"

namespace sandbox {

struct VerifiedCaller {
  const TokenGrant* grant = nullptr;
  ShopData* shop = nullptr;  // null on shopless routes
};

// Checks, in order: app_key known (36009004), sign present (36009004), timestamp 10-digit and
// within [now-5min, now+30s] (36009004), signature over the received bytes (106001), content
// type (36009022), access token present and known (36009004) and not expired (105002),
// shop_cipher required (106013) / forbidden (36009004) / known (36009004) / covered by the
// token (101000). Returns the caller or the answer to send.
// REQUIRES: state.mutex held (tokens and shops are read).
std::variant<VerifiedCaller, ApiResponse> verify_signed_request(const ApiRequest& request,
                                                                const Route& route,
                                                                SandboxState& state,
                                                                std::int64_t now);

}  // namespace sandbox
