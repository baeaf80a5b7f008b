// body_order.cpp: the order a write's body names.
#include "body_order.hpp"

namespace sandbox {

std::optional<ApiResponse> read_body_order(HandlerContext& ctx, JsonBody* body, Order** order) {
  if (auto error = read_json_body(ctx.request, body)) return error;
  const auto order_id = body->string_field("order_id");
  if (!order_id) return failure(400, codes::kInvalidParameter, "order_id is required");
  *order = ctx.shop->find_order(*order_id);
  if (!*order) return failure(404, codes::kResourceNotFound, "Order does not exist");
  return std::nullopt;
}

}  // namespace sandbox
