// Product, category, brand and media endpoints of a local shop (API_SOURCES.md "products").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    // 202502 adds body filters (audit_status, listing_quality_tiers, sns_filter, ...); paging,
    // windows and records are unchanged.
    post("products.search", "/product/{version}/products/search", "202502")
        .records("/data/products", "id")
        .paged(kProductsPaging)
        .windowed(kProductsWindow)
        .served({"202309", ""}, {"202502", ""})
        .about("Product list; stops at 10,000 results."),
    get("products.get", "/product/{version}/products/{product_id}", "202309")
        .records("/data", "id")
        .about("One product's details."),
    post("products.create", "/product/{version}/products", "202309")
        .records("/data", "product_id")
        .writes(kBodyIdempotentCreate)
        .about("Create a product (body idempotency_key: a retry does not list it twice)."),
    // 202509 adds body fields replicated_products and subscribe_info_edit.
    put("products.update", "/product/{version}/products/{product_id}", "202509")
        .records("/data", "product_id")
        .writes(kWrite)
        .served({"202309", ""}, {"202509", ""})
        .about("Replace a product (full edit)."),
    post("products.partial_edit", "/product/{version}/products/{product_id}/partial_edit", "202509")
        .records("/data", "product_id")
        .writes(kWrite)
        .served({"202309", ""}, {"202509", ""})
        .about("Change some fields of a product."),
    del("products.delete", "/product/{version}/products", "202309")
        .writes(kWriteWithItemErrors)
        .about("Delete products (JSON body {\"product_ids\":[...]}, signed)."),
    post("products.activate", "/product/{version}/products/activate", "202309")
        .writes(kWriteWithItemErrors)
        .about("Activate products (body product_ids)."),
    post("products.deactivate", "/product/{version}/products/deactivate", "202309")
        .writes(kWriteWithItemErrors)
        .about("Deactivate products (body product_ids)."),
    post("products.recover", "/product/{version}/products/recover", "202309")
        .writes(kWriteWithItemErrors)
        .about("Recover deleted products (body product_ids)."),
    post("products.inventory.update", "/product/{version}/products/{product_id}/inventory/update",
         "202309")
        .writes(kWriteWithItemErrors)
        .about("Set SKU stock per warehouse; per-SKU failures in data.errors."),
    post("inventory.search", "/product/{version}/inventory/search", "202309")
        .records("/data/inventory", "product_id")
        .about("Stock of the given products or SKUs."),
    post("products.prices.update", "/product/{version}/products/{product_id}/prices/update",
         "202309")
        .writes(kWrite)
        .about("Set SKU prices."),
    get("products.prerequisites", "/product/{version}/prerequisites", "202312")
        .records("/data")
        .about("Whether the shop meets the prerequisites for listing products."),
    post("images.upload", "/product/{version}/images/upload", "202309")
        .no_shop()
        .multipart()
        .records("/data", "uri")
        .writes(kWrite)
        .about("Upload an image (multipart; the body is not signed)."),
    post("files.upload", "/product/{version}/files/upload", "202309")
        .no_shop()
        .multipart()
        .records("/data", "id")
        .writes(kWrite)
        .about("Upload a file (multipart; the body is not signed)."),
    get("categories.list", "/product/{version}/categories", "202309")
        .records("/data/categories", "id")
        .about("The shop's product categories."),
    post("categories.recommend", "/product/{version}/categories/recommend", "202309")
        .records("/data")
        .about("Recommended category for a product title, description and images."),
    get("categories.attributes", "/product/{version}/categories/{category_id}/attributes", "202309")
        .records("/data/attributes", "id")
        .about("Attributes of one category."),
    get("categories.rules", "/product/{version}/categories/{category_id}/rules", "202309")
        .records("/data")
        .about("Listing rules of one category."),
    get("brands.list", "/product/{version}/brands", "202309")
        .records("/data/brands", "id")
        .paged(kPage100)
        .about("Brands, optionally of one category (query category_id)."),
    post("brands.create", "/product/{version}/brands", "202309")
        .no_shop()
        .records("/data", "id")
        .writes(kWrite)
        .about("Create a custom brand (body name)."),
    post("brands.recommend", "/product/{version}/brands/recommend", "202309")
        .no_shop()
        .records("/data")
        .about("Brands recommended for a product title."),
    get("listing_schemas.get", "/product/{version}/listing_schemas", "202407")
        .no_shop()
        .records("/data")
        .about("Listing schemas of categories (query category_ids)."),
    post("size_charts.identify", "/product/{version}/images/size_charts/identify", "202309")
        .no_shop()
        .records("/data")
        .about("Read a size chart out of images."),
};

}  // namespace

std::span<const EndpointSpec> product_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
