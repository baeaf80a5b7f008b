// Seller and authorization endpoints (API_SOURCES.md "seller and authorization").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "shops.list",
     .method = "GET",
     .path = "/authorization/{version}/shops",
     .version = "202309",
     .scope = ScopeRule::kForbidden,
     .records = "/data/shops",
     .key = "id",
     .summary = "Shops the access token covers, with the cipher each shop-scoped call needs."},
    // Unlike the other /authorization calls, deauthorizing names the shop by its cipher.
    {.id = "shops.deauthorize",
     .method = "DELETE",
     .path = "/authorization/{version}/shops",
     .version = "202403",
     .import = &kWrite,
     .summary = "Deauthorize the app for the shop the cipher names."},
    {.id = "authorization.category_assets",
     .method = "GET",
     .path = "/authorization/{version}/category_assets",
     .version = "202405",
     .scope = ScopeRule::kForbidden,
     .records = "/data/category_assets",
     .summary = "Category assets (cross-border) the authorization covers."},
    {.id = "seller.shops",
     .method = "GET",
     .path = "/seller/{version}/shops",
     .version = "202309",
     .scope = ScopeRule::kForbidden,
     .records = "/data/shops",
     .key = "id",
     .summary = "Active shops of the seller."},
    {.id = "seller.permissions",
     .method = "GET",
     .path = "/seller/{version}/permissions",
     .version = "202309",
     .scope = ScopeRule::kForbidden,
     .records = "/data/permissions",
     .summary = "The seller's permissions (e.g. global product listing)."},
};

}  // namespace

std::span<const EndpointSpec> seller_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
