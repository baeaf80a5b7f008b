// Seller and authorization endpoints (API_SOURCES.md "seller and authorization").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("shops.list", "/authorization/{version}/shops", "202309",
        "Shops the access token covers, with the cipher each shop-scoped call needs.", kNoShop,
        records("/data/shops", "id")),
    // Unlike the other /authorization calls, deauthorizing names the shop by its cipher.
    del("shops.deauthorize", "/authorization/{version}/shops", "202403",
        "Deauthorize the app for the shop the cipher names.", writes(kWrite)),
    get("authorization.category_assets", "/authorization/{version}/category_assets", "202405",
        "Category assets (cross-border) the authorization covers.", kNoShop,
        records("/data/category_assets")),
    // The /seller calls need the shop information scope, not the authorization one.
    get("seller.shops", "/seller/{version}/shops", "202309", "Active shops of the seller.", kNoShop,
        records("/data/shops", "id"), needs("seller.shop.info")),
    get("seller.permissions", "/seller/{version}/permissions", "202309",
        "The seller's permissions (e.g. global product listing).", kNoShop,
        records("/data/permissions"), needs("seller.shop.info")),
};

}  // namespace

std::span<const EndpointSpec> seller_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
