// Product, category, brand and media endpoints of a local shop (API_SOURCES.md "products").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    // 202502 adds body filters (audit_status, listing_quality_tiers, sns_filter, ...); paging,
    // windows and records are unchanged.
    post("products.search", "/product/{version}/products/search", "202502",
         "Product list; stops at 10,000 results.", records("/data/products", "id"),
         paged(kProductsPaging), windowed(kProductsWindow), served({"202309", ""}, {"202502", ""})),
    get("products.get", "/product/{version}/products/{product_id}", "202309",
        "One product's details.", records("/data", "id")),
    post("products.create", "/product/{version}/products", "202309",
         "Create a product (body idempotency_key: a retry does not list it twice).",
         records("/data", "product_id"), writes(kBodyIdempotentCreate)),
    // 202509 adds body fields replicated_products and subscribe_info_edit.
    put("products.update", "/product/{version}/products/{product_id}", "202509",
        "Replace a product (full edit).", records("/data", "product_id"), writes(kWrite),
        served({"202309", ""}, {"202509", ""})),
    post("products.partial_edit", "/product/{version}/products/{product_id}/partial_edit", "202509",
         "Change some fields of a product.", records("/data", "product_id"), writes(kWrite),
         served({"202309", ""}, {"202509", ""})),
    del("products.delete", "/product/{version}/products", "202309",
        "Delete products (JSON body {\"product_ids\":[...]}, signed).",
        writes(kWriteWithItemErrors)),
    post("products.activate", "/product/{version}/products/activate", "202309",
         "Activate products (body product_ids).", writes(kWriteWithItemErrors)),
    post("products.deactivate", "/product/{version}/products/deactivate", "202309",
         "Deactivate products (body product_ids).", writes(kWriteWithItemErrors)),
    post("products.recover", "/product/{version}/products/recover", "202309",
         "Recover deleted products (body product_ids).", writes(kWriteWithItemErrors)),
    post("products.inventory.update", "/product/{version}/products/{product_id}/inventory/update",
         "202309", "Set SKU stock per warehouse; per-SKU failures in data.errors.",
         writes(kWriteWithItemErrors)),
    post("inventory.search", "/product/{version}/inventory/search", "202309",
         "Stock of the given products or SKUs.", records("/data/inventory", "product_id")),
    post("products.prices.update", "/product/{version}/products/{product_id}/prices/update",
         "202309", "Set SKU prices.", writes(kWrite)),
    get("products.prerequisites", "/product/{version}/prerequisites", "202312",
        "Whether the shop meets the prerequisites for listing products.", records("/data")),
    post("images.upload", "/product/{version}/images/upload", "202309",
         "Upload an image (multipart; the body is not signed).", kNoShop, kMultipart,
         records("/data", "uri"), writes(kWrite)),
    post("files.upload", "/product/{version}/files/upload", "202309",
         "Upload a file (multipart; the body is not signed).", kNoShop, kMultipart,
         records("/data", "id"), writes(kWrite)),
    get("categories.list", "/product/{version}/categories", "202309",
        "The shop's product categories.", records("/data/categories", "id")),
    post("categories.recommend", "/product/{version}/categories/recommend", "202309",
         "Recommended category for a product title, description and images.", records("/data")),
    get("categories.attributes", "/product/{version}/categories/{category_id}/attributes", "202309",
        "Attributes of one category.", records("/data/attributes", "id")),
    get("categories.rules", "/product/{version}/categories/{category_id}/rules", "202309",
        "Listing rules of one category.", records("/data")),
    get("brands.list", "/product/{version}/brands", "202309",
        "Brands, optionally of one category (query category_id).", records("/data/brands", "id"),
        paged(kPage100)),
    post("brands.create", "/product/{version}/brands", "202309",
         "Create a custom brand (body name).", kNoShop, records("/data", "id"), writes(kWrite)),
    post("brands.recommend", "/product/{version}/brands/recommend", "202309",
         "Brands recommended for a product title.", kNoShop, records("/data")),
    get("listing_schemas.get", "/product/{version}/listing_schemas", "202407",
        "Listing schemas of categories (query category_ids).", kNoShop, records("/data")),
    post("size_charts.identify", "/product/{version}/images/size_charts/identify", "202309",
         "Read a size chart out of images.", kNoShop, records("/data")),
};

}  // namespace

std::span<const EndpointSpec> product_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
