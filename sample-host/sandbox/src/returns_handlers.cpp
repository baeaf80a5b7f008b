// returns_handlers.cpp: returns, refunds and cancellations: search, decisions, records, reject
// reasons, after-sale eligibility, refund calculation, seller cancellation and seller-created
// returns. Field names follow TikTok's Return and Refund API 202309 pages.
#include "body_order.hpp"
#include "endpoint_handlers.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

// Search Returns pages 10-50, Search Cancellations 1-50; both default to 10 (reference pages).
constexpr PageLimits kReturnsPaging{10, 50, 10};
constexpr PageLimits kCancellationsPaging{1, 50, 10};

// Search shared by returns and cancellations: time ranges in the body, optional lists of
// statuses (`status_key`), request ids (`ids_key`) and order_ids; sort_field/sort_order in the
// query.
template <typename Record, typename Write>
ApiResponse after_sales_search(HandlerContext& ctx, std::vector<Record>& records, PageLimits limits,
                               std::string_view status_key, std::string_view ids_key,
                               std::string_view array_key, Write write) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto statuses = body.string_array(status_key).value_or(std::vector<std::string>{});
  const auto ids = body.string_array(ids_key).value_or(std::vector<std::string>{});
  const auto order_ids = body.string_array("order_ids").value_or(std::vector<std::string>{});
  auto listed = [](const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  const TimeRange created = body_range(body, "create_time");
  const TimeRange updated = body_range(body, "update_time");
  const std::string* sort_field = ctx.request.query_value("sort_field");
  const bool by_update = sort_field && *sort_field == "update_time";
  if (sort_field && !by_update && *sort_field != "create_time")
    return failure(400, codes::kInvalidParameter, "sort_field must be create_time or update_time");
  // Both reference pages: sort_field defaults to create_time, sort_order to ASC.
  const auto desc = sort_descending(ctx.request, false);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  std::string identity = created.describe() + "|" + updated.describe() + "|" +
                         (by_update ? "u" : "c") + (*desc ? "D" : "A");
  for (const auto& s : statuses) identity += "|" + s;
  for (const auto& i : ids) identity += "|i" + i;
  for (const auto& o : order_ids) identity += "|o" + o;
  return run_search(
      ctx, records, limits, identity,
      [&](const Record& r) {
        return created.contains(r.create_time) && updated.contains(r.update_time) &&
               listed(statuses, r.status) && listed(ids, r.id) && listed(order_ids, r.order_id);
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
ApiResponse decide(HandlerContext& ctx, std::vector<Record>& records, std::string_view pending,
                   const std::string& next_status, std::string_view target_kind,
                   WebhookEvent (*raise)(const Record&)) {
  const std::string& wanted = ctx.path_params[0];
  auto it =
      std::find_if(records.begin(), records.end(), [&](const Record& r) { return r.id == wanted; });
  if (it == records.end())
    return failure(404, codes::kResourceNotFound, "No such request: " + wanted);
  if (it->status != pending)
    return failure(400, codes::kInvalidState,
                   "The request is " + it->status + ", not " + std::string(pending));
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  it->status = next_status;
  it->update_time = ctx.now;
  // Always a change: a decision already taken is refused above (36009409), not re-applied.
  ctx.writes.push_back({std::string(target_kind) + ":" + wanted, true});
  ctx.events.push_back(raise(*it));
  return success("{}");
}

constexpr std::string_view kReturnPending = "RETURN_OR_REFUND_REQUEST_PENDING";

ReturnOrder* find_return(ShopData& shop, const std::string& id) {
  for (auto& r : shop.returns)
    if (r.id == id) return &r;
  return nullptr;
}

// The seller's decision on the pending return named in the path; once taken, the return's
// history (Get Return Records) notes it as `event`.
ApiResponse decide_return(HandlerContext& ctx, const std::string& next_status,
                          std::string_view target_kind, std::string event,
                          std::string description) {
  ApiResponse answer = decide(ctx, ctx.shop->returns, kReturnPending, next_status, target_kind,
                              &return_status_event);
  if (answer.code != codes::kOk) return answer;
  if (ReturnOrder* r = find_return(*ctx.shop, ctx.path_params[0]))
    r->records.push_back({std::move(event), std::move(description), ctx.now});
  return answer;
}
constexpr std::string_view kCancelPending = "CANCELLATION_REQUEST_PENDING";

}  // namespace

ApiResponse handle_returns_search(HandlerContext& ctx) {
  return after_sales_search(ctx, ctx.shop->returns, kReturnsPaging, "return_status", "return_ids",
                            "return_orders",
                            [](jsonw::Writer& w, const ReturnOrder& r) { write_return(w, r); });
}

ApiResponse handle_cancellations_search(HandlerContext& ctx) {
  return after_sales_search(
      ctx, ctx.shop->cancellations, kCancellationsPaging, "cancel_status", "cancel_ids",
      "cancellations", [](jsonw::Writer& w, const Cancellation& c) { write_cancellation(w, c); });
}

ApiResponse handle_return_approve(HandlerContext& ctx) {
  return decide_return(ctx, "AWAITING_BUYER_SHIP", "return_approve", "SELLER_APPROVE",
                       "Seller approved the request");
}

ApiResponse handle_return_reject(HandlerContext& ctx) {
  return decide_return(ctx, "REFUND_OR_RETURN_REQUEST_REJECT", "return_reject", "SELLER_REJECT",
                       "Seller rejected the request");
}

ApiResponse handle_cancellation_approve(HandlerContext& ctx) {
  ApiResponse r =
      decide(ctx, ctx.shop->cancellations, kCancelPending, "CANCELLATION_REQUEST_SUCCESS",
             "cancellation_approve", &cancellation_status_event);
  if (r.code == codes::kOk) {
    // An approved cancellation cancels its order.
    for (const auto& c : ctx.shop->cancellations) {
      if (c.id != ctx.path_params[0]) continue;
      if (Order* o = ctx.shop->find_order(c.order_id)) {
        o->status = "CANCELLED";
        o->update_time = ctx.now;
        ctx.events.push_back(order_status_event(*o));
      }
    }
  }
  return r;
}

ApiResponse handle_cancellation_reject(HandlerContext& ctx) {
  return decide(ctx, ctx.shop->cancellations, kCancelPending, "CANCELLATION_REQUEST_CANCEL",
                "cancellation_reject", &cancellation_status_event);
}

ApiResponse handle_return_records(HandlerContext& ctx) {
  const ReturnOrder* r = find_return(*ctx.shop, ctx.path_params[0]);
  if (!r) return failure(404, codes::kResourceNotFound, "No such return: " + ctx.path_params[0]);
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("records").begin_array();
  for (const auto& rec : r->records) {
    w.begin_object().field("event", rec.event).field("description", rec.description);
    w.field("create_time", rec.create_time).field("note", "").end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_reject_reasons(HandlerContext& ctx) {
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"seller_reject_apply_product_has_been_packed", "The product has been packed"},
      {"seller_reject_apply_buyer_agreed_to_keep", "The buyer agreed to keep the item"},
      {"seller_reject_return_item_damaged", "The returned item is damaged"},
  };
  (void)ctx;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("reasons").begin_array();
  for (const auto& [name, text] : kReasons)
    w.begin_object().field("name", name).field("text", text).end_object();
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_aftersale_eligibility(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  // Delivered or completed orders may be returned; unshipped paid orders only refunded.
  const bool shipped =
      o->status == "IN_TRANSIT" || o->status == "DELIVERED" || o->status == "COMPLETED";
  const bool open = o->status != "CANCELLED" && o->status != "UNPAID";
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("sku_eligibility").begin_array();
  for (const auto& li : o->line_items) {
    w.begin_object().field("sku_id", li.sku_id).key("line_item_eligibility").begin_array();
    for (std::string_view type : {"REFUND", "RETURN_AND_REFUND"}) {
      const bool eligible = open && (type == "REFUND" || shipped);
      w.begin_object().field("request_type", type).field("eligible", eligible);
      w.key("order_line_items_ids").begin_array().value(li.id).end_array();
      if (!eligible) w.field("ineligible_reason", "The order status does not allow it");
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_refund_calculate(HandlerContext& ctx) {
  JsonBody body;
  Order* o = nullptr;
  if (auto error = read_body_order(ctx, &body, &o)) return *error;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("order_id", o->id).key("refund_total").begin_object();
  w.field("currency", o->currency).field("refund_total", o->total_amount);
  w.field("refund_subtotal", o->sub_total).field("refund_shipping_fee", o->shipping_fee);
  w.field("refund_tax", "0.00").end_object().end_object();
  return success(data);
}

ApiResponse handle_cancellation_create(HandlerContext& ctx) {
  JsonBody body;
  Order* o = nullptr;
  if (auto error = read_body_order(ctx, &body, &o)) return *error;
  // A seller may cancel only before the order ships.
  if (o->status != "UNPAID" && o->status != "ON_HOLD" && o->status != "AWAITING_SHIPMENT")
    return failure(400, codes::kInvalidState, "The order is " + o->status + ": too late to cancel");
  Cancellation c;
  c.id = ctx.state.new_id();
  c.order_id = o->id;
  c.status = "CANCELLATION_REQUEST_COMPLETE";
  c.type = "CANCEL";  // by the seller
  c.reason = body.string_field("cancel_reason").value_or("seller_cancel_out_of_stock");
  c.refund_total = o->total_amount;
  c.currency = o->currency;
  c.create_time = c.update_time = ctx.now;
  ctx.shop->cancellations.push_back(c);
  o->status = "CANCELLED";
  o->update_time = ctx.now;
  for (auto& p : ctx.shop->packages)
    if (p.order_id == o->id) {
      p.package_status = "CANCELLED";
      p.update_time = ctx.now;
    }
  ctx.writes.push_back({"cancellation_create:" + o->id, true});
  ctx.events.push_back(cancellation_status_event(c));
  ctx.events.push_back(order_status_event(*o));
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("cancel_id", c.id).field("cancel_status", c.status);
  w.end_object();
  return success(data);
}

ApiResponse handle_return_create(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto order_id = body.string_field("order_id");
  const auto type = body.string_field("return_type");
  if (!order_id || !type)
    return failure(400, codes::kInvalidParameter, "order_id and return_type are required");
  if (*type != "REFUND" && *type != "RETURN_AND_REFUND" && *type != "REPLACEMENT")
    return failure(400, codes::kInvalidParameter,
                   "return_type must be REFUND, RETURN_AND_REFUND or REPLACEMENT");
  const Order* o = ctx.shop->find_order(*order_id);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  ReturnOrder r;
  r.id = ctx.state.new_id();
  r.order_id = o->id;
  r.status = "RETURN_OR_REFUND_REQUEST_SUCCESS";  // the seller's own request needs no review
  r.type = *type;
  r.reason = body.string_field("return_reason").value_or("seller_initiated");
  r.refund_total = o->total_amount;
  r.currency = o->currency;
  r.create_time = r.update_time = ctx.now;
  r.records.push_back({"SELLER_CREATE", "Seller created the return", ctx.now});
  ctx.shop->returns.push_back(r);
  ctx.writes.push_back({"return_create:" + o->id, true});
  ctx.events.push_back(return_status_event(r));
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("return_id", r.id).field("return_status", r.status);
  w.end_object();
  return success(data);
}

}  // namespace sandbox
