// sku_input.hpp: reading the skus[] and inventory[] arrays that product writes send.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "shop_data.hpp"

namespace sandbox {

// One skus[] element as sent: every part optional (partial edits send only what changes).
struct SkuInput {
  std::optional<std::string> id;
  std::optional<std::string> seller_sku;
  std::optional<std::string> price;  // price.amount
  std::optional<std::string> currency;
  std::optional<std::vector<WarehouseStock>> inventory;
};

// Parses `skus` into inputs. Returns a message (never containing secrets) when an element is
// malformed: not an object, inventory without warehouse_id, negative quantity, or a warehouse
// the shop does not have.
std::optional<std::string> read_sku_inputs(const simdjson::dom::array& skus, const ShopData& shop,
                                           std::vector<SkuInput>* out);

// Applies `in` to `sku` (only the parts present).
void apply_sku_input(const SkuInput& in, Sku* sku);

}  // namespace sandbox
