// Cross-border (global) products, global categories and EU compliance records. None of these is
// shop-scoped: TikTok answers 36009004 "unexpected shop_cipher" when one is sent
// (API_SOURCES.md "products").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr ScopeRule kNone = ScopeRule::kForbidden;

constexpr EndpointSpec kEndpoints[] = {
    {.id = "global_categories.list", .method = "GET",
     .path = "/product/{version}/global_categories",
     .version = "202309", .scope = kNone, .records = "/data/categories", .key = "id",
     .summary = "Global product categories."},
    {.id = "global_categories.recommend", .method = "POST",
     .path = "/product/{version}/global_categories/recommend", .version = "202309", .scope = kNone,
     .records = "/data", .summary = "Recommended global category for a product."},
    {.id = "global_categories.attributes", .method = "GET",
     .path = "/product/{version}/categories/{category_id}/global_attributes", .version = "202309",
     .scope = kNone, .records = "/data/attributes", .key = "id",
     .summary = "Attributes of one global category."},
    {.id = "global_categories.rules", .method = "GET",
     .path = "/product/{version}/categories/{category_id}/global_rules", .version = "202309",
     .scope = kNone, .records = "/data", .summary = "Listing rules of one global category."},
    {.id = "global_products.search", .method = "POST",
     .path = "/product/{version}/global_products/search", .version = "202312", .scope = kNone,
     .records = "/data/global_products", .key = "id", .paging = &kPage100,
     .incremental = &kProductsWindow, .summary = "Global products of a cross-border seller."},
    {.id = "global_products.get", .method = "GET",
     .path = "/product/{version}/global_products/{global_product_id}", .version = "202309",
     .scope = kNone, .records = "/data", .key = "id", .summary = "One global product."},
    {.id = "global_products.create", .method = "POST", .path = "/product/{version}/global_products",
     .version = "202309", .scope = kNone, .records = "/data", .key = "global_product_id",
     .import = &kWrite, .summary = "Create a global product."},
    {.id = "global_products.update", .method = "PUT",
     .path = "/product/{version}/global_products/{global_product_id}", .version = "202309",
     .scope = kNone, .records = "/data", .import = &kWrite, .summary = "Replace a global product."},
    {.id = "global_products.delete", .method = "DELETE",
     .path = "/product/{version}/global_products", .version = "202309", .scope = kNone,
     .import = &kWriteWithItemErrors,
     .summary = "Delete global products (body global_product_ids)."},
    {.id = "global_products.publish", .method = "POST",
     .path = "/product/{version}/global_products/{global_product_id}/publish", .version = "202309",
     .scope = kNone, .records = "/data", .import = &kWrite,
     .summary = "Publish a global product to shops (body publish_target)."},
    {.id = "global_products.inventory.update", .method = "POST",
     .path = "/product/{version}/global_products/{global_product_id}/inventory/update",
     .version = "202309", .scope = kNone, .import = &kWrite,
     .summary = "Set stock of a global product's SKUs (body global_skus)."},
    {.id = "manufacturers.search", .method = "POST",
     .path = "/product/{version}/compliance/manufacturers/search", .version = "202501",
     .scope = kNone, .records = "/data/manufacturers", .key = "id", .paging = &kPage100,
     .summary = "EU compliance: the seller's manufacturers."},
    {.id = "manufacturers.create", .method = "POST",
     .path = "/product/{version}/compliance/manufacturers", .version = "202409", .scope = kNone,
     .records = "/data", .key = "manufacturer_id", .import = &kWrite,
     .summary = "EU compliance: add a manufacturer."},
    {.id = "manufacturers.partial_edit", .method = "POST",
     .path = "/product/{version}/compliance/manufacturers/{manufacturer_id}/partial_edit",
     .version = "202409", .scope = kNone, .import = &kWrite,
     .summary = "EU compliance: change some fields of a manufacturer."},
    {.id = "responsible_persons.search", .method = "POST",
     .path = "/product/{version}/compliance/responsible_persons/search", .version = "202501",
     .scope = kNone, .records = "/data/responsible_persons", .key = "id", .paging = &kPage100,
     .summary = "EU compliance: the seller's responsible persons."},
    {.id = "responsible_persons.create", .method = "POST",
     .path = "/product/{version}/compliance/responsible_persons", .version = "202409",
     .scope = kNone, .records = "/data", .key = "responsible_person_id", .import = &kWrite,
     .summary = "EU compliance: add a responsible person."},
    {.id = "responsible_persons.partial_edit", .method = "POST",
     .path = "/product/{version}/compliance/responsible_persons/{responsible_person_id}/"
             "partial_edit",
     .version = "202409", .scope = kNone, .import = &kWrite,
     .summary = "EU compliance: change some fields of a responsible person."},
};

}  // namespace

std::span<const EndpointSpec> global_product_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
