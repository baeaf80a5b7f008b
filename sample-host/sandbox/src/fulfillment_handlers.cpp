// fulfillment_handlers.cpp: packages (search, detail, ship one or many), shipping documents,
// handover slots, shipping info, seller-shipped orders, shipping services, package creation,
// split / combine, delivery status and order tracking (Fulfillment 202309).
#include <functional>
#include <optional>

#include "body_order.hpp"
#include "documents.hpp"
#include "endpoint_handlers.hpp"
#include "item_errors.hpp"
#include "query_string.hpp"
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
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
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
      by_time_then_id(&Package::create_time, *desc), "packages",
      [](jsonw::Writer& w, const Package& p) { write_package(w, p); });
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

namespace {

// Ships one PROCESSING package from a ship body ({handover_method, self_shipment}); the order
// moves to AWAITING_COLLECTION and its tracking shows the label.
ApiResponse ship_package(HandlerContext& ctx, const std::string& package_id,
                         const simdjson::dom::element& body) {
  Package* p = find_package(*ctx.shop, package_id);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  if (p->package_status != "PROCESSING")
    return failure(400, codes::kInvalidState,
                   "Package is " + p->package_status + ", not PROCESSING");
  const std::string handover = string_of(body, "handover_method").value_or("PICKUP");
  if (handover != "PICKUP" && handover != "DROP_OFF")
    return failure(400, codes::kInvalidParameter, "handover_method must be PICKUP or DROP_OFF");
  simdjson::dom::element self_shipment;
  if (body["self_shipment"].get(self_shipment) == simdjson::SUCCESS) {
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

}  // namespace

ApiResponse handle_package_ship(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  return ship_package(ctx, ctx.path_params[0], body.root());
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

namespace {

using PackageItemFn = std::function<std::optional<ItemFailure>(const simdjson::dom::element& item,
                                                               const std::string& package_id)>;

// A batch call over the body's "packages":[{"id", ...}]: `apply` handles each item and says why
// it failed, if it did; the answer lists the failures in data.errors[] (the rest were applied).
ApiResponse for_each_package(HandlerContext& ctx, const PackageItemFn& apply) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  simdjson::dom::array packages;
  if (auto error = body.required_array("packages", &packages)) return *error;
  ItemErrors errors("package_id");
  for (auto item : packages) {
    const std::string id = string_of(item, "id").value_or("");
    if (auto failed = apply(item, id)) errors.add(failed->code, failed->message, id);
  }
  return errors.answer();
}

}  // namespace

// Batch Ship Packages: body {"packages":[{"id", "handover_method", ...}]}; per-package failures
// in data.errors[], the rest shipped.
ApiResponse handle_packages_batch_ship(HandlerContext& ctx) {
  return for_each_package(
      ctx,
      [&](const simdjson::dom::element& item, const std::string& id) -> std::optional<ItemFailure> {
        const ApiResponse one = ship_package(ctx, id, item);
        if (one.code == codes::kOk) return std::nullopt;
        return ItemFailure{one.code, "The package was not shipped"};
      });
}

// Get Package Shipping Document: document_type SHIPPING_LABEL | PACKING_SLIP |
// SHIPPING_LABEL_AND_PACKING_SLIP, document_size A6 (default) | A5, document_format PDF. The
// doc_url is a PDF the sandbox serves itself. A label exists once the package has a tracking
// number (after it ships); a packing slip at any time.
ApiResponse handle_shipping_documents(HandlerContext& ctx) {
  const Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  const std::string* type = ctx.request.query_value("document_type");
  if (!type) return failure(400, codes::kInvalidParameter, "document_type is required");
  const bool label = *type == "SHIPPING_LABEL" || *type == "SHIPPING_LABEL_AND_PACKING_SLIP";
  if (!label && *type != "PACKING_SLIP")
    return failure(400, codes::kInvalidParameter,
                   "document_type must be SHIPPING_LABEL, PACKING_SLIP or "
                   "SHIPPING_LABEL_AND_PACKING_SLIP");
  const std::string* size = ctx.request.query_value("document_size");
  const std::string page = size ? *size : "A6";
  if (page != "A6" && page != "A5")
    return failure(400, codes::kInvalidParameter, "document_size must be A6 or A5");
  const std::string* format = ctx.request.query_value("document_format");
  if (format && *format != "PDF")
    return failure(400, codes::kInvalidParameter, "document_format must be PDF");
  if (label && p->tracking_number.empty())
    return failure(400, codes::kInvalidState, "The package has not shipped yet: no shipping label");
  const std::string url = publish_document(
      ctx, make_pdf({*type + " (" + page + ")", "Package " + p->id, "Order " + p->order_id,
                     "Carrier " + p->shipping_provider_name, "Tracking " + p->tracking_number}));
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("doc_url", url).field("tracking_number", p->tracking_number);
  w.end_object();
  return success(data);
}

ApiResponse handle_handover_time_slots(HandlerContext& ctx) {
  const Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  const std::int64_t day = ctx.now - ctx.now % 86400 + 86400;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("can_pickup", true).field("can_drop_off", true);
  w.key("pickup_slots").begin_array();
  constexpr std::int64_t kHour = 3600;
  constexpr std::int64_t kDay = 24 * kHour;
  for (std::int64_t i = 0; i < 3; ++i) {
    w.begin_object().field("start_time", day + i * kDay + 9 * kHour);
    w.field("end_time", day + i * kDay + 17 * kHour).field("avaliable", true).end_object();
  }
  w.end_array().end_object();
  return success(data);
}

namespace {

// A body's {tracking_number, shipping_provider_id}, both required.
struct ShippingInfo {
  std::string tracking_number;
  std::string shipping_provider_id;
};

// Parses the request's body into *out; returns the answer to send when it lacks either field.
std::optional<ApiResponse> read_shipping_info(HandlerContext& ctx, ShippingInfo* out) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  auto tracking = body.string_field("tracking_number");
  auto provider = body.string_field("shipping_provider_id");
  if (!tracking || !provider)
    return failure(400, codes::kInvalidParameter,
                   "tracking_number and shipping_provider_id are required");
  *out = {std::move(*tracking), std::move(*provider)};
  return std::nullopt;
}

// Body {tracking_number, shipping_provider_id}: the package (and its order) take them.
ApiResponse set_shipping_info(HandlerContext& ctx, Package* p) {
  ShippingInfo info;
  if (auto error = read_shipping_info(ctx, &info)) return *error;
  const bool changed = p->tracking_number != info.tracking_number ||
                       p->shipping_provider_id != info.shipping_provider_id;
  ctx.writes.push_back({"shipping_info:" + p->id, changed});
  if (changed) {
    p->tracking_number = info.tracking_number;
    p->shipping_provider_id = info.shipping_provider_id;
    p->update_time = ctx.now;
    if (Order* o = ctx.shop->find_order(p->order_id)) {
      o->tracking_number = info.tracking_number;
      o->update_time = ctx.now;
    }
  }
  return success("{}");
}

Package* first_package_of(ShopData& shop, const std::string& order_id) {
  for (auto& p : shop.packages)
    if (p.order_id == order_id) return &p;
  return nullptr;
}

// A new package for `order`, PROCESSING, with the order's first warehouse carrier.
Package& add_package(HandlerContext& ctx, Order& order) {
  Package p;
  p.id = ctx.state.new_id();
  p.order_id = order.id;
  p.package_status = "PROCESSING";
  p.shipping_provider_id = "6000003";
  p.shipping_provider_name = "UPS";
  p.create_time = p.update_time = ctx.now;
  order.package_ids.push_back(p.id);
  ctx.shop->packages.push_back(std::move(p));
  return ctx.shop->packages.back();
}

}  // namespace

ApiResponse handle_package_shipping_info_update(HandlerContext& ctx) {
  Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  return set_shipping_info(ctx, p);
}

ApiResponse handle_order_shipping_info_update(HandlerContext& ctx) {
  Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  Package* p = first_package_of(*ctx.shop, o->id);
  if (!p) return failure(400, codes::kInvalidState, "The order has no package yet");
  return set_shipping_info(ctx, p);
}

// Mark Package As Shipped (seller-shipped orders): the order gets a package carrying the
// seller's tracking number and moves to IN_TRANSIT.
ApiResponse handle_mark_package_shipped(HandlerContext& ctx) {
  Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  if (o->status != "AWAITING_SHIPMENT")
    return failure(400, codes::kInvalidState,
                   "The order is " + o->status + ", not AWAITING_SHIPMENT");
  ShippingInfo info;
  if (auto error = read_shipping_info(ctx, &info)) return *error;
  Package* p = first_package_of(*ctx.shop, o->id);
  if (!p) p = &add_package(ctx, *o);
  p->tracking_number = info.tracking_number;
  p->shipping_provider_id = info.shipping_provider_id;
  p->package_status = "FULFILLING";
  p->update_time = ctx.now;
  o->status = "IN_TRANSIT";
  o->tracking_number = info.tracking_number;
  o->update_time = ctx.now;
  ctx.shop->tracking[o->id].push_back({"Shipped by the seller", ctx.now * 1000});
  ctx.writes.push_back({"mark_shipped:" + o->id, true});
  ctx.events.push_back(order_status_event(*o));
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("package_id", p->id).end_object();
  return success(data);
}

ApiResponse handle_shipping_services(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("shipping_services").begin_array();
  w.begin_object().field("id", "7208502187360519982").field("name", "UPS Ground");
  w.field("price", "5.99").field("currency", o->currency).field("shipping_provider_id", "6000003");
  w.field("earliest_delivery_days", 3).field("latest_delivery_days", 5).end_object();
  w.end_array().end_object();
  return success(data);
}

// Create Packages: body {order_id, ...}; the order gets a new PROCESSING package.
ApiResponse handle_package_create(HandlerContext& ctx) {
  JsonBody body;
  Order* o = nullptr;
  if (auto error = read_body_order(ctx, &body, &o)) return *error;
  if (o->status != "AWAITING_SHIPMENT")
    return failure(400, codes::kInvalidState,
                   "The order is " + o->status + ", not AWAITING_SHIPMENT");
  const Package& p = add_package(ctx, *o);
  ctx.writes.push_back({"package_create:" + p.id, true});
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("package_id", p.id).key("orders").begin_array();
  w.begin_object().field("id", o->id).end_object().end_array().end_object();
  return success(data);
}

ApiResponse handle_split_attributes(HandlerContext& ctx) {
  const std::string* joined = ctx.request.query_value("order_ids");
  if (!joined || joined->empty())
    return failure(400, codes::kInvalidParameter, "order_ids is required");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("split_attributes").begin_array();
  for (const std::string& id : split_comma_list(*joined)) {
    const Order* o = ctx.shop->find_order(id);
    if (!o) continue;
    const bool can = o->status == "AWAITING_SHIPMENT" && o->line_items.size() > 1;
    w.begin_object().field("order_id", o->id).field("can_split", can);
    if (!can) w.field("reason", "Only an awaiting-shipment order of several items can split");
    w.end_object();
  }
  w.end_array().end_object();
  return success(data);
}

// Split Orders: body {splittable_groups:[{id, order_line_item_ids}]}; one package per group.
ApiResponse handle_order_split(HandlerContext& ctx) {
  Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  if (o->status != "AWAITING_SHIPMENT" || o->line_items.size() < 2)
    return failure(400, codes::kInvalidState, "The order cannot be split");
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto groups = body.array_field("splittable_groups");
  if (!groups || groups->size() < 2)
    return failure(400, codes::kInvalidParameter, "splittable_groups needs at least two groups");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("packages").begin_array();
  for (auto group : *groups) {
    const Package& p = add_package(ctx, *o);
    w.begin_object().field("id", p.id);
    w.field("splittable_group_id", string_of(group, "id").value_or("")).end_object();
  }
  w.end_array().end_object();
  ctx.writes.push_back({"order_split:" + o->id, true});
  return success(data);
}

// Combinable packages: PROCESSING packages, two by two (the sandbox's buyers all live at one
// address per shop).
ApiResponse handle_combinable_packages(HandlerContext& ctx) {
  std::vector<Package*> open;
  for (auto& p : ctx.shop->packages)
    if (p.package_status == "PROCESSING") open.push_back(&p);
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("combinable_packages").begin_array();
  for (size_t i = 0; i + 1 < open.size(); i += 2) {
    w.begin_object().field("id", open[i]->id).key("order_ids").begin_array();
    w.value(open[i]->order_id).value(open[i + 1]->order_id).end_array().end_object();
  }
  w.end_array()
      .field("next_page_token", "")
      .field("total_count", static_cast<std::int64_t>(open.size() / 2));
  w.end_object();
  return success(data);
}

ApiResponse handle_packages_combine(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  simdjson::dom::array groups;
  if (auto error = body.required_array("combinable_packages", &groups)) return *error;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("packages").begin_array();
  for (auto group : groups) {
    const std::string id = string_of(group, "id").value_or("");
    const Package* p = find_package(*ctx.shop, id);
    if (!p || p->package_status != "PROCESSING") continue;
    w.begin_object().field("id", id).key("order_ids").begin_array().value(p->order_id);
    w.end_array().end_object();
    ctx.writes.push_back({"package_combine:" + id, true});
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_package_uncombine(HandlerContext& ctx) {
  const Package* p = find_package(*ctx.shop, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Package does not exist");
  if (p->package_status != "PROCESSING")
    return failure(400, codes::kInvalidState, "Only a PROCESSING package can be uncombined");
  ctx.writes.push_back({"package_uncombine:" + p->id, true});
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("packages").begin_array().begin_object().field("id", p->id);
  w.key("order_ids").begin_array().value(p->order_id).end_array().end_object();
  w.end_array().end_object();
  return success(data);
}

// Update Package Delivery Status (seller-delivered packages): body {"packages":[{id,
// delivery_type: DELIVERED|DELIVERY_FAILED}]}; a delivered package's order becomes DELIVERED.
ApiResponse handle_packages_deliver(HandlerContext& ctx) {
  return for_each_package(
      ctx,
      [&](const simdjson::dom::element& item, const std::string& id) -> std::optional<ItemFailure> {
        const std::string type = string_of(item, "delivery_type").value_or("DELIVERED");
        Package* p = find_package(*ctx.shop, id);
        if (!p) return ItemFailure{codes::kResourceNotFound, "Package does not exist"};
        if (p->tracking_number.empty())
          return ItemFailure{codes::kInvalidState, "The package has not shipped"};
        p->delivered_by_seller = true;
        p->update_time = ctx.now;
        if (type == "DELIVERED") {
          p->package_status = "COMPLETED";
          if (Order* o = ctx.shop->find_order(p->order_id)) {
            o->status = "DELIVERED";
            o->update_time = ctx.now;
            ctx.shop->tracking[o->id].push_back({"Delivered by the seller", ctx.now * 1000});
            ctx.events.push_back(order_status_event(*o));
          }
        }
        ctx.writes.push_back({"package_deliver:" + id, true});
        return std::nullopt;
      });
}

// Create First Mile Bundle (seller-level): body {orders or package ids, tracking_number,
// shipping_provider_id}; answers the bundle id.
ApiResponse handle_bundle_create(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const std::string id = ctx.state.new_id();
  ctx.writes.push_back({"bundle:" + id, true});
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("bundle_id", id).end_object();
  return success(data);
}

}  // namespace sandbox
