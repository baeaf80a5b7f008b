// logistics_handlers.cpp: warehouses, global warehouses (cross-border sellers, no shop_cipher),
// a warehouse's delivery options and a delivery option's shipping providers (Logistics 202309).
#include <json_writer/json_writer.hpp>

#include "endpoint_handlers.hpp"
#include "record_json.hpp"

namespace sandbox {
namespace {

// Every warehouse offers the same two delivery options; their ids derive from the warehouse id
// so that a shipping-providers call can name one.
constexpr std::string_view kOptionNames[] = {"Standard Shipping", "Express Shipping"};

std::string option_id(const Warehouse& wh, size_t index) {
  return wh.id.substr(0, 12) + std::to_string(7000000 + index);
}

const Warehouse* find_warehouse(const ShopData& shop, const std::string& id) {
  for (const auto& wh : shop.warehouses)
    if (wh.id == id) return &wh;
  return nullptr;
}

}  // namespace

ApiResponse handle_warehouses(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("warehouses").begin_array();
  for (const auto& wh : ctx.shop->warehouses) write_warehouse(w, wh);
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_global_warehouses(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("global_warehouses").begin_array();
  for (auto& shop : ctx.state.shops) {
    if (!sellers_shop(shop, *ctx.grant)) continue;
    for (const auto& wh : ctx.state.with_records(shop).warehouses) {
      w.begin_object().field("id", wh.id).field("name", wh.name);
      w.field("target_market", shop.info.region).field("is_default", wh.is_default);
      w.end_object();
    }
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_delivery_options(HandlerContext& ctx) {
  const Warehouse* wh = find_warehouse(*ctx.shop, ctx.path_params[0]);
  if (!wh) return failure(404, codes::kResourceNotFound, "Warehouse does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("delivery_options").begin_array();
  for (size_t i = 0; i < std::size(kOptionNames); ++i) {
    w.begin_object().field("id", option_id(*wh, i)).field("name", kOptionNames[i]);
    w.field("type", i == 0 ? "STANDARD" : "EXPRESS").end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_shipping_providers(HandlerContext& ctx) {
  bool known = false;
  for (const auto& wh : ctx.shop->warehouses)
    for (size_t i = 0; i < std::size(kOptionNames); ++i)
      if (option_id(wh, i) == ctx.path_params[0]) known = true;
  if (!known) return failure(404, codes::kResourceNotFound, "Delivery option does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("shipping_providers").begin_array();
  for (std::string_view name : {"USPS", "UPS", "FedEx"})
    w.begin_object()
        .field("id", std::to_string(6000000 + name.size()))
        .field("name", name)
        .end_object();
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
