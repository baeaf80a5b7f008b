// returns_handlers.cpp: return and cancellation search, approve and reject.
#include "endpoint_handlers.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

// Returns and cancellations page 10-50 (docs/tiktok-shop-api.md).
constexpr PageLimits kAfterSalesPaging{10, 50, 0};

// Search shared by returns and cancellations: time ranges in the body, an optional status list
// under `status_key`, sort_field/sort_order in the query.
template <typename Record, typename Write>
ApiResponse after_sales_search(HandlerContext& ctx, std::vector<Record>& records,
                               std::string_view status_key, std::string Record::*status,
                               std::string_view array_key, Write write) {
  auto parsed = JsonBody::parse(ctx.request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  const JsonBody& body = std::get<JsonBody>(parsed);
  const auto statuses = body.string_array(status_key).value_or(std::vector<std::string>{});
  const TimeRange created = body_range(body, "create_time");
  const TimeRange updated = body_range(body, "update_time");
  const std::string* sort_field = ctx.request.query_value("sort_field");
  const bool by_update = sort_field && *sort_field == "update_time";
  if (sort_field && !by_update && *sort_field != "create_time")
    return failure(400, codes::kInvalidParameter, "sort_field must be create_time or update_time");
  const auto desc = sort_descending(ctx.request, true);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  std::string identity = created.describe() + "|" + updated.describe() + "|" +
                         (by_update ? "u" : "c") + (*desc ? "D" : "A");
  for (const auto& s : statuses) identity += "|" + s;
  return run_search(
      ctx, records, kAfterSalesPaging, identity,
      [&](const Record& r) {
        return created.contains(r.create_time) && updated.contains(r.update_time) &&
               (statuses.empty() ||
                std::find(statuses.begin(), statuses.end(), r.*status) != statuses.end());
      },
      [&](const Record& a, const Record& b) {
        const auto ka = by_update ? a.update_time : a.create_time;
        const auto kb = by_update ? b.update_time : b.create_time;
        if (ka != kb) return *desc ? ka > kb : ka < kb;
        return *desc ? &a > &b : &a < &b;
      },
      array_key, write);
}

// Moves one pending request to `next_status`. The pipeline's idempotency ledger makes a retried
// call with the same idempotency_key answer the same without coming here again.
// `raise` builds the status-change webhook event of the changed record.
template <typename Record>
ApiResponse decide(HandlerContext& ctx, std::vector<Record>& records, std::string Record::*id,
                   std::string Record::*status, std::string_view pending,
                   const std::string& next_status, std::string_view target_kind,
                   WebhookEvent (*raise)(const Record&)) {
  const std::string& wanted = ctx.path_params[0];
  auto it = std::find_if(records.begin(), records.end(),
                         [&](const Record& r) { return r.*id == wanted; });
  if (it == records.end())
    return failure(404, codes::kResourceNotFound, "No such request: " + wanted);
  if ((*it).*status != pending)
    return failure(400, codes::kInvalidState,
                   "The request is " + (*it).*status + ", not " + std::string(pending));
  auto parsed = JsonBody::parse(ctx.request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  (*it).*status = next_status;
  it->update_time = ctx.now;
  // Always a change: a decision already taken is refused above (36009409), not re-applied.
  ctx.writes.push_back({std::string(target_kind) + ":" + wanted, true});
  ctx.events.push_back(raise(*it));
  return success("{}");
}

constexpr std::string_view kReturnPending = "RETURN_OR_REFUND_REQUEST_PENDING";
constexpr std::string_view kCancelPending = "CANCELLATION_REQUEST_PENDING";

}  // namespace

ApiResponse handle_returns_search(HandlerContext& ctx) {
  return after_sales_search(ctx, ctx.shop->returns, "return_status", &ReturnOrder::return_status,
                            "return_orders",
                            [](jsonw::Writer& w, const ReturnOrder& r) { write_return(w, r); });
}

ApiResponse handle_cancellations_search(HandlerContext& ctx) {
  return after_sales_search(
      ctx, ctx.shop->cancellations, "cancel_status", &Cancellation::cancel_status, "cancellations",
      [](jsonw::Writer& w, const Cancellation& c) { write_cancellation(w, c); });
}

ApiResponse handle_return_approve(HandlerContext& ctx) {
  return decide(ctx, ctx.shop->returns, &ReturnOrder::return_id, &ReturnOrder::return_status,
                kReturnPending, "AWAITING_BUYER_SHIP", "return_approve", &return_status_event);
}

ApiResponse handle_return_reject(HandlerContext& ctx) {
  return decide(ctx, ctx.shop->returns, &ReturnOrder::return_id, &ReturnOrder::return_status,
                kReturnPending, "RETURN_OR_REFUND_REQUEST_REJECT", "return_reject",
                &return_status_event);
}

ApiResponse handle_cancellation_approve(HandlerContext& ctx) {
  ApiResponse r =
      decide(ctx, ctx.shop->cancellations, &Cancellation::cancel_id, &Cancellation::cancel_status,
             kCancelPending, "CANCELLATION_REQUEST_SUCCESS", "cancellation_approve",
             &cancellation_status_event);
  if (r.code == codes::kOk) {
    // An approved cancellation cancels its order.
    for (const auto& c : ctx.shop->cancellations) {
      if (c.cancel_id != ctx.path_params[0]) continue;
      if (Order* o = ctx.shop->find_order(c.order_id)) {
        o->status = "CANCEL";
        o->update_time = ctx.now;
        ctx.events.push_back(order_status_event(*o));
      }
    }
  }
  return r;
}

ApiResponse handle_cancellation_reject(HandlerContext& ctx) {
  return decide(ctx, ctx.shop->cancellations, &Cancellation::cancel_id,
                &Cancellation::cancel_status, kCancelPending, "CANCELLATION_REQUEST_CANCEL",
                "cancellation_reject", &cancellation_status_event);
}

}  // namespace sandbox
