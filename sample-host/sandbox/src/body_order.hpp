// body_order.hpp: the order a write's body names ({"order_id": ...}), for the calls that act on
// one order of the shop (create a package, calculate a refund, cancel).
#pragma once

#include <optional>

#include "handler_context.hpp"
#include "json_body.hpp"

namespace sandbox {

// Parses the request's body into *body and finds the shop's order its "order_id" names: nullopt
// with *order set, or the answer to send instead (the body's 400, 400 "order_id is required",
// 404 "Order does not exist"). REQUIRES: ctx.shop is set.
std::optional<ApiResponse> read_body_order(HandlerContext& ctx, JsonBody* body, Order** order);

}  // namespace sandbox
