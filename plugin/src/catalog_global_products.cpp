// Cross-border (global) products, global categories and EU compliance records. None of these is
// shop-scoped: TikTok answers 36009004 "unexpected shop_cipher" when one is sent
// (API_SOURCES.md "products").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("global_categories.list", "/product/{version}/global_categories", "202309")
        .no_shop()
        .records("/data/categories", "id")
        .about("Global product categories."),
    post("global_categories.recommend", "/product/{version}/global_categories/recommend", "202309")
        .no_shop()
        .records("/data")
        .about("Recommended global category for a product."),
    get("global_categories.attributes",
        "/product/{version}/categories/{category_id}/global_attributes", "202309")
        .no_shop()
        .records("/data/attributes", "id")
        .about("Attributes of one global category."),
    get("global_categories.rules", "/product/{version}/categories/{category_id}/global_rules",
        "202309")
        .no_shop()
        .records("/data")
        .about("Listing rules of one global category."),
    post("global_products.search", "/product/{version}/global_products/search", "202312")
        .no_shop()
        .records("/data/global_products", "id")
        .paged(kPage100)
        .windowed(kProductsWindow)
        .about("Global products of a cross-border seller."),
    get("global_products.get", "/product/{version}/global_products/{global_product_id}", "202309")
        .no_shop()
        .records("/data", "id")
        .about("One global product."),
    post("global_products.create", "/product/{version}/global_products", "202309")
        .no_shop()
        .records("/data", "global_product_id")
        .writes(kWrite)
        .about("Create a global product."),
    put("global_products.update", "/product/{version}/global_products/{global_product_id}",
        "202309")
        .no_shop()
        .records("/data")
        .writes(kWrite)
        .about("Replace a global product."),
    del("global_products.delete", "/product/{version}/global_products", "202309")
        .no_shop()
        .writes(kWriteWithItemErrors)
        .about("Delete global products (body global_product_ids)."),
    post("global_products.publish",
         "/product/{version}/global_products/{global_product_id}/publish", "202309")
        .no_shop()
        .records("/data")
        .writes(kWrite)
        .about("Publish a global product to shops (body publish_target)."),
    post("global_products.inventory.update",
         "/product/{version}/global_products/{global_product_id}/inventory/update", "202309")
        .no_shop()
        .writes(kWrite)
        .about("Set stock of a global product's SKUs (body global_skus)."),
    post("manufacturers.search", "/product/{version}/compliance/manufacturers/search", "202501")
        .no_shop()
        .records("/data/manufacturers", "id")
        .paged(kPage100)
        .about("EU compliance: the seller's manufacturers."),
    post("manufacturers.create", "/product/{version}/compliance/manufacturers", "202409")
        .no_shop()
        .records("/data", "manufacturer_id")
        .writes(kWrite)
        .about("EU compliance: add a manufacturer."),
    post("manufacturers.partial_edit",
         "/product/{version}/compliance/manufacturers/{manufacturer_id}/partial_edit", "202409")
        .no_shop()
        .writes(kWrite)
        .about("EU compliance: change some fields of a manufacturer."),
    post("responsible_persons.search", "/product/{version}/compliance/responsible_persons/search",
         "202501")
        .no_shop()
        .records("/data/responsible_persons", "id")
        .paged(kPage100)
        .about("EU compliance: the seller's responsible persons."),
    post("responsible_persons.create", "/product/{version}/compliance/responsible_persons",
         "202409")
        .no_shop()
        .records("/data", "responsible_person_id")
        .writes(kWrite)
        .about("EU compliance: add a responsible person."),
    post("responsible_persons.partial_edit",
         "/product/{version}/compliance/responsible_persons/{responsible_person_id}/"
         "partial_edit",
         "202409")
        .no_shop()
        .writes(kWrite)
        .about("EU compliance: change some fields of a responsible person."),
};

}  // namespace

std::span<const EndpointSpec> global_product_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
