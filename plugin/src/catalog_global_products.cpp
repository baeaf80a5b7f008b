// Cross-border (global) products, global categories and EU compliance records. None of these is
// shop-scoped: TikTok answers 36009004 "unexpected shop_cipher" when one is sent
// (API_SOURCES.md "products").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("global_categories.list", "/product/{version}/global_categories", "202309",
        "Global product categories.", kNoShop, records("/data/categories", "id")),
    post("global_categories.recommend", "/product/{version}/global_categories/recommend", "202309",
         "Recommended global category for a product.", kNoShop, records("/data")),
    get("global_categories.attributes",
        "/product/{version}/categories/{category_id}/global_attributes", "202309",
        "Attributes of one global category.", kNoShop, records("/data/attributes", "id")),
    get("global_categories.rules", "/product/{version}/categories/{category_id}/global_rules",
        "202309", "Listing rules of one global category.", kNoShop, records("/data")),
    post("global_products.search", "/product/{version}/global_products/search", "202312",
         "Global products of a cross-border seller.", kNoShop,
         records("/data/global_products", "id"), paged(kPage100), windowed(kProductsWindow)),
    get("global_products.get", "/product/{version}/global_products/{global_product_id}", "202309",
        "One global product.", kNoShop, records("/data", "id")),
    post("global_products.create", "/product/{version}/global_products", "202309",
         "Create a global product.", kNoShop, records("/data", "global_product_id"),
         writes(kWrite)),
    put("global_products.update", "/product/{version}/global_products/{global_product_id}",
        "202309", "Replace a global product.", kNoShop, records("/data"), writes(kWrite)),
    del("global_products.delete", "/product/{version}/global_products", "202309",
        "Delete global products (body global_product_ids).", kNoShop, writes(kWriteWithItemErrors)),
    post("global_products.publish",
         "/product/{version}/global_products/{global_product_id}/publish", "202309",
         "Publish a global product to shops (body publish_target).", kNoShop, records("/data"),
         writes(kWrite)),
    post("global_products.inventory.update",
         "/product/{version}/global_products/{global_product_id}/inventory/update", "202309",
         "Set stock of a global product's SKUs (body global_skus).", kNoShop, writes(kWrite)),
    post("manufacturers.search", "/product/{version}/compliance/manufacturers/search", "202501",
         "EU compliance: the seller's manufacturers.", kNoShop,
         records("/data/manufacturers", "id"), paged(kPage100)),
    post("manufacturers.create", "/product/{version}/compliance/manufacturers", "202409",
         "EU compliance: add a manufacturer.", kNoShop, records("/data", "manufacturer_id"),
         writes(kWrite)),
    post("manufacturers.partial_edit",
         "/product/{version}/compliance/manufacturers/{manufacturer_id}/partial_edit", "202409",
         "EU compliance: change some fields of a manufacturer.", kNoShop, writes(kWrite)),
    post("responsible_persons.search", "/product/{version}/compliance/responsible_persons/search",
         "202501", "EU compliance: the seller's responsible persons.", kNoShop,
         records("/data/responsible_persons", "id"), paged(kPage100)),
    post("responsible_persons.create", "/product/{version}/compliance/responsible_persons",
         "202409", "EU compliance: add a responsible person.", kNoShop,
         records("/data", "responsible_person_id"), writes(kWrite)),
    post("responsible_persons.partial_edit",
         "/product/{version}/compliance/responsible_persons/{responsible_person_id}/"
         "partial_edit",
         "202409", "EU compliance: change some fields of a responsible person.", kNoShop,
         writes(kWrite)),
};

}  // namespace

std::span<const EndpointSpec> global_product_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
