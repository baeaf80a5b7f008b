// sku_input.cpp: validation of sku and inventory inputs.
#include "sku_input.hpp"

#include <algorithm>

#include "json_body.hpp"

namespace sandbox {
namespace {

bool has_warehouse(const ShopData& shop, const std::string& id) {
  return std::any_of(shop.warehouses.begin(), shop.warehouses.end(),
                     [&](const Warehouse& w) { return w.id == id; });
}

}  // namespace

std::optional<std::string> read_sku_inputs(const simdjson::dom::array& skus, const ShopData& shop,
                                           std::vector<SkuInput>* out) {
  for (simdjson::dom::element item : skus) {
    if (!item.is_object()) return "skus[] elements must be objects";
    SkuInput in;
    in.id = string_of(item, "id");
    in.seller_sku = string_of(item, "seller_sku");
    simdjson::dom::element price;
    if (item["price"].get(price) == simdjson::SUCCESS) {
      in.price = string_of(price, "amount");
      in.currency = string_of(price, "currency");
      if (!in.price) return "skus[].price.amount must be a string";
    }
    simdjson::dom::array inventory;
    if (item["inventory"].get_array().get(inventory) == simdjson::SUCCESS) {
      std::vector<WarehouseStock> stock;
      for (simdjson::dom::element entry : inventory) {
        auto warehouse = string_of(entry, "warehouse_id");
        auto quantity = int_of(entry, "quantity");
        if (!warehouse || !quantity) return "inventory[] needs warehouse_id and quantity";
        if (*quantity < 0) return "inventory quantity must not be negative";
        if (!has_warehouse(shop, *warehouse)) return "Unknown warehouse_id " + *warehouse;
        stock.push_back({*warehouse, *quantity});
      }
      in.inventory = std::move(stock);
    }
    out->push_back(std::move(in));
  }
  return std::nullopt;
}

void apply_sku_input(const SkuInput& in, Sku* sku) {
  if (in.seller_sku) sku->seller_sku = *in.seller_sku;
  if (in.price) sku->price = *in.price;
  if (in.currency) sku->currency = *in.currency;
  if (!in.inventory) return;
  // TikTok's inventory writes set the quantity of the named warehouses and leave others alone.
  for (const auto& stock : *in.inventory) {
    auto it =
        std::find_if(sku->inventory.begin(), sku->inventory.end(),
                     [&](const WarehouseStock& s) { return s.warehouse_id == stock.warehouse_id; });
    if (it == sku->inventory.end()) {
      sku->inventory.push_back(stock);
    } else {
      it->quantity = stock.quantity;
    }
  }
}

}  // namespace sandbox
