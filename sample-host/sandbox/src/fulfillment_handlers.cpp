// fulfillment_handlers.cpp: packages (search, detail, ship), order tracking and warehouses.
#include "endpoint_handlers.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

Package* find_package(ShopData& shop, const std::string& id) {
  for (auto& p : shop.packages)
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace

ApiResponse handle_packages_search(HandlerContext& ctx) {
  auto parsed = JsonBody::parse(ctx.request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  const JsonBody& body = std::get<JsonBody>(parsed);
  const TimeRange created = body_range(body, "create_time");
  const TimeRange updated = body_range(body, "update_time");
  const std::string status = body.string_field("package_status").value_or("");
  const auto desc = sort_descending(ctx.request, true);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  const std::string identity =
      created.describe() + "|" + updated.describe() + "|" + status + (*desc ? "|D" : "|A");
  return run_search(
      ctx, ctx.shop->packages, PageLimits{1, 50, 0}, identity,
      [&](const Package& p) {
        return created.contains(p.create_time) && updated.contains(p.update_time) &&
               (status.empty() || p.package_status == status);
      },
      [&](const Package& a, const Package& b) {
        if (a.create_time != b.create_time)
          return *desc ? a.create_time > b.create_time : a.create_time < b.create_time;
        return *desc ? a.id > b.id : a.id < b.id;
      },
      "packages", [](jsonw::Writer& w, const Package& p) { write_package(w, p); });
}

ApiResponse handle_package_get(HandlerContext& ctx) {
  const Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("package_id", p->id).field("package_status", p->package_status);
  w.key("orders").begin_array().begin_object().field("id", p->order_id).end_object().end_array();
  w.field("shipping_provider_id", p->shipping_provider_id);
  w.field("shipping_provider_name", p->shipping_provider_name);
  w.field("tracking_number", p->tracking_number).field("handover_method", p->handover_method);
  w.field("create_time", p->create_time).field("update_time", p->update_time).end_object();
  return success(data);
}

ApiResponse handle_package_ship(HandlerContext& ctx) {
  Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  if (p->package_status != "PROCESSING")
    return failure(400, codes::kInvalidState,
                   "Package is " + p->package_status + ", not PROCESSING");
  auto parsed = JsonBody::parse(ctx.request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  const JsonBody& body = std::get<JsonBody>(parsed);
  const std::string handover = body.string_field("handover_method").value_or("PICKUP");
  if (handover != "PICKUP" && handover != "DROP_OFF")
    return failure(400, codes::kInvalidParameter, "handover_method must be PICKUP or DROP_OFF");
  simdjson::dom::element self_shipment;
  if (body.root()["self_shipment"].get(self_shipment) == simdjson::SUCCESS) {
    auto tracking = string_of(self_shipment, "tracking_number");
    auto provider = string_of(self_shipment, "shipping_provider_id");
    if (!tracking || !provider)
      return failure(400, codes::kInvalidParameter,
                     "self_shipment needs tracking_number and shipping_provider_id");
    p->tracking_number = *tracking;
    p->shipping_provider_id = *provider;
  } else if (p->tracking_number.empty()) {
    p->tracking_number = "TT" + ctx.state.new_id().substr(0, 12);
  }
  p->handover_method = handover;
  p->package_status = "FULFILLING";
  p->update_time = ctx.now;
  if (Order* o = ctx.shop->find_order(p->order_id)) {
    const bool status_changed = o->status != "AWAITING_COLLECTION";
    o->status = "AWAITING_COLLECTION";
    o->tracking_number = p->tracking_number;
    o->update_time = ctx.now;
    ctx.shop->tracking[o->id].push_back(
        {"Shipping label created, awaiting collection", ctx.now * 1000});
    if (status_changed) ctx.events.push_back(order_status_event(*o));
  }
  ctx.writes.push_back({"package_ship:" + p->id, true});  // only a PROCESSING package ships
  return success("{}");
}

ApiResponse handle_order_tracking(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("tracking").begin_array();
  auto it = ctx.shop->tracking.find(o->id);
  if (it != ctx.shop->tracking.end()) {
    // Newest first, as TikTok lists tracking events.
    for (auto e = it->second.rbegin(); e != it->second.rend(); ++e) {
      w.begin_object().field("description", e->description);
      w.field("update_time_millis", e->update_time_millis).end_object();
    }
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_warehouses(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("warehouses").begin_array();
  for (const auto& wh : ctx.shop->warehouses) write_warehouse(w, wh);
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
