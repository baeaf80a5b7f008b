// seller_handlers.cpp: seller-level calls: permissions, category assets and deauthorizing a
// shop (Authorization 202403, the only authorization call that takes a shop_cipher).
#include "endpoint_handlers.hpp"

#include <json_writer/json_writer.hpp>

namespace sandbox {

ApiResponse handle_deauthorize_shop(HandlerContext& ctx) {
  ctx.shop->deauthorized = true;
  ctx.writes.push_back({"deauthorize:" + ctx.shop->info.id, true});
  ctx.events.push_back(seller_deauthorization_event(ctx.shop->info.id));
  return success("{}");
}

ApiResponse handle_category_assets(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("category_assets").begin_array();
  for (const auto& shop : ctx.state.shops) {
    if (!sellers_shop(shop, *ctx.grant) || shop.deauthorized) continue;
    w.begin_object().field("cipher", "CA_" + shop.info.cipher.substr(4));
    w.field("target_market", shop.info.region).key("category").begin_object();
    w.field("id", "600001").field("name", "Home Supplies").end_object().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_seller_permissions(HandlerContext& ctx) {
  (void)ctx;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("permissions").begin_array();
  for (std::string_view p : {"CROSS_BORDER_SELLER_PRODUCT_MANAGEMENT", "LOCAL_SELLER_FULFILLMENT",
                             "SELLER_SHIPPING_PROVIDER"})
    w.value(p);
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
