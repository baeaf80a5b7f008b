// inventory_handlers.cpp: inventory update/search and price update.
#include <json_writer/json_writer.hpp>

#include "endpoint_handlers.hpp"
#include "item_errors.hpp"
#include "json_body.hpp"
#include "sku_input.hpp"

namespace sandbox {
namespace {

// Applies per-sku inputs to one product; unknown skus are reported in data.errors[] and the
// rest are applied (TikTok's partial-success shape). `target_kind` names the write in stats;
// the write counts as changing state when some SKU ends up different.
// Webhooks: a live product's change raises PRODUCT_INFORMATION_CHANGE (changed_fields
// ["others"]: stock and price are not among TikTok's named fields), and a SKU whose stock falls
// to zero raises INVENTORY_STATUS_CHANGE (OUT_OF_STOCK).
ApiResponse apply_sku_writes(HandlerContext& ctx, std::string_view target_kind,
                             bool (*valid)(const SkuInput&)) {
  Product* p = ctx.shop->find_product(ctx.path_params[0]);
  if (!p || p->status == "DELETED")
    return failure(404, codes::kResourceNotFound,
                   "Product " + ctx.path_params[0] + " does not exist");
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  simdjson::dom::array skus;
  if (auto error = body.required_array("skus", &skus)) return *error;
  std::vector<SkuInput> inputs;
  if (auto problem = read_sku_inputs(skus, *ctx.shop, &inputs))
    return failure(400, codes::kInvalidParameter, *problem);
  for (const auto& in : inputs)
    if (!in.id || !valid(in))
      return failure(400, codes::kInvalidParameter, "every skus[] element needs id and a value");

  ItemErrors errors("sku_id");
  bool applied = false;  // some SKU was found and written
  bool changed = false;  // and its data is not what it was
  std::vector<WebhookEvent> out_of_stock;
  for (const auto& in : inputs) {
    Sku* sku = nullptr;
    for (auto& s : p->skus)
      if (s.id == *in.id) sku = &s;
    if (!sku) {
      errors.add(codes::kResourceNotFound, "The SKU does not exist in this product", *in.id);
      continue;
    }
    const Sku before = *sku;
    apply_sku_input(in, sku);
    applied = true;
    if (*sku == before) continue;
    changed = true;
    if (total_quantity(before) > 0 && total_quantity(*sku) == 0)
      out_of_stock.push_back(inventory_status_event(*p, *sku, ctx.now));
  }
  if (applied) ctx.writes.push_back({std::string(target_kind) + ":" + p->id, changed});
  // A write that set what was already there leaves update_time alone and raises nothing, so a
  // re-sent write (its first reply lost) is invisible to readers and webhook subscribers.
  if (changed) {
    p->update_time = ctx.now;
    if (p->status == "ACTIVATE") ctx.events.push_back(product_information_event(*p, {"others"}));
    for (auto& e : out_of_stock) ctx.events.push_back(std::move(e));
  }
  return errors.answer();
}

}  // namespace

ApiResponse handle_inventory_update(HandlerContext& ctx) {
  return apply_sku_writes(
      ctx, "inventory", [](const SkuInput& in) { return in.inventory && !in.inventory->empty(); });
}

ApiResponse handle_prices_update(HandlerContext& ctx) {
  return apply_sku_writes(ctx, "price", [](const SkuInput& in) { return in.price.has_value(); });
}

ApiResponse handle_inventory_search(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto product_ids = body.string_array("product_ids").value_or(std::vector<std::string>{});
  const auto sku_ids = body.string_array("sku_ids").value_or(std::vector<std::string>{});
  if (product_ids.empty() == sku_ids.empty())
    return failure(400, codes::kInvalidParameter, "Send exactly one of product_ids or sku_ids");
  auto wanted_sku = [&](const Sku& s) {
    return sku_ids.empty() || std::find(sku_ids.begin(), sku_ids.end(), s.id) != sku_ids.end();
  };
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("inventory").begin_array();
  for (const Product& p : ctx.shop->products) {
    if (p.status == "DELETED") continue;
    if (!product_ids.empty() &&
        std::find(product_ids.begin(), product_ids.end(), p.id) == product_ids.end())
      continue;
    if (std::none_of(p.skus.begin(), p.skus.end(), wanted_sku)) continue;
    w.begin_object().field("product_id", p.id).key("skus").begin_array();
    for (const Sku& s : p.skus) {
      if (!wanted_sku(s)) continue;
      std::int64_t total = 0;
      for (const auto& inv : s.inventory) total += inv.quantity;
      w.begin_object().field("id", s.id).field("seller_sku", s.seller_sku);
      w.field("total_available_quantity", total).key("warehouse_inventory").begin_array();
      for (const auto& inv : s.inventory) {
        w.begin_object().field("warehouse_id", inv.warehouse_id);
        w.field("available_quantity", inv.quantity).end_object();
      }
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
