// Seller and authorization endpoints (API_SOURCES.md "seller and authorization").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("shops.list", "/authorization/{version}/shops", "202309")
        .no_shop()
        .records("/data/shops", "id")
        .about("Shops the access token covers, with the cipher each shop-scoped call needs."),
    // Unlike the other /authorization calls, deauthorizing names the shop by its cipher.
    del("shops.deauthorize", "/authorization/{version}/shops", "202403")
        .writes(kWrite)
        .about("Deauthorize the app for the shop the cipher names."),
    get("authorization.category_assets", "/authorization/{version}/category_assets", "202405")
        .no_shop()
        .records("/data/category_assets")
        .about("Category assets (cross-border) the authorization covers."),
    get("seller.shops", "/seller/{version}/shops", "202309")
        .no_shop()
        .records("/data/shops", "id")
        .about("Active shops of the seller."),
    get("seller.permissions", "/seller/{version}/permissions", "202309")
        .no_shop()
        .records("/data/permissions")
        .about("The seller's permissions (e.g. global product listing)."),
};

}  // namespace

std::span<const EndpointSpec> seller_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
