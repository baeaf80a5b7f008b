// orders_handlers.cpp: order search, order detail (202309 and 202507 shapes), price detail and
// external order references.
#include "endpoint_handlers.hpp"
#include "item_errors.hpp"
#include "query_string.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

constexpr std::size_t kMaxOrderIds = 50;

}  // namespace

ApiResponse handle_orders_search(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;

  const std::string* sort_field = ctx.request.query_value("sort_field");
  const std::string field = sort_field ? *sort_field : "create_time";
  if (field != "create_time" && field != "update_time")
    return failure(400, codes::kInvalidParameter, "sort_field must be create_time or update_time");
  const auto desc = sort_descending(ctx.request, true);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");

  const TimeRange created = body_range(body, "create_time");
  const TimeRange updated = body_range(body, "update_time");
  const std::string status = body.string_field("order_status").value_or("");
  const bool by_update = field == "update_time";
  const std::string identity = created.describe() + "|" + updated.describe() + "|" + status + "|" +
                               field + "|" + (*desc ? "DESC" : "ASC");
  return run_search(
      ctx, ctx.shop->orders, PageLimits{1, 100, 0}, identity,
      [&](const Order& o) {
        return created.contains(o.create_time) && updated.contains(o.update_time) &&
               (status.empty() || o.status == status);
      },
      by_time_then_id(by_update ? &Order::update_time : &Order::create_time, *desc), "orders",
      [](jsonw::Writer& w, const Order& o) { write_order(w, o); });
}

ApiResponse handle_orders_get(HandlerContext& ctx) {
  const std::string* joined = ctx.request.query_value("ids");
  const auto ids = joined ? split_comma_list(*joined) : std::vector<std::string>{};
  if (ids.empty()) return failure(400, codes::kInvalidParameter, "ids is required");
  if (ids.size() > kMaxOrderIds)
    return failure(400, codes::kInvalidParameter, "At most 50 order ids per request");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("orders").begin_array();
  for (const auto& id : ids)
    if (const Order* o = ctx.shop->find_order(id)) write_order(w, *o, ctx.version);
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_order_price_detail(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("currency", o->currency).field("subtotal", o->sub_total);
  w.field("shipping_fee", o->shipping_fee).field("tax_amount", "0.00");
  w.field("total", o->total_amount).field("payment", o->total_amount);
  w.key("sku_prices").begin_array();
  for (const auto& li : o->line_items) {
    w.begin_object().field("sku_id", li.sku_id).field("sku_sale_price", li.sale_price);
    w.field("currency", li.currency).end_object();
  }
  w.end_array().end_object();
  return success(data);
}

// Body {"orders":[{"id":..., "external_order":{"id":..., "platform":...}}]}; per-order failures
// in data.errors[], the rest applied.
ApiResponse handle_external_orders_add(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  simdjson::dom::array orders;
  if (auto error = body.required_array("orders", &orders)) return *error;
  ItemErrors errors("order_id");
  for (auto item : orders) {
    const auto id = string_of(item, "id");
    simdjson::dom::element external;
    std::optional<std::string> platform, external_id;
    if (item["external_order"].get(external) == simdjson::SUCCESS) {
      platform = string_of(external, "platform");
      external_id = string_of(external, "id");
    }
    Order* o = id ? ctx.shop->find_order(*id) : nullptr;
    if (!o || !platform || !external_id) {
      errors.add(codes::kInvalidParameter,
                 o ? "external_order needs id and platform" : "Order does not exist",
                 id.value_or(""));
      continue;
    }
    const bool changed = o->external_orders[*platform] != *external_id;
    o->external_orders[*platform] = *external_id;
    ctx.writes.push_back({"external_order:" + o->id, changed});
  }
  return errors.answer();
}

ApiResponse handle_external_orders_get(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  const std::string* platform = ctx.request.query_value("platform");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("external_orders").begin_array();
  for (const auto& [p, id] : o->external_orders)
    if (!platform || *platform == p)
      w.begin_object().field("id", id).field("platform", p).end_object();
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_external_orders_search(HandlerContext& ctx) {
  const std::string* platform = ctx.request.query_value("platform");
  const std::string* external_id = ctx.request.query_value("external_order_id");
  if (!platform || !external_id)
    return failure(400, codes::kInvalidParameter, "platform and external_order_id are required");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("orders").begin_array();
  for (const auto& o : ctx.shop->orders) {
    auto it = o.external_orders.find(*platform);
    if (it == o.external_orders.end() || it->second != *external_id) continue;
    w.begin_object().field("id", o.id).key("external_order").begin_object();
    w.field("id", it->second).field("platform", it->first).end_object().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
