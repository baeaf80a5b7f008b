// Logistics endpoints: warehouses, delivery options, shipping providers (API_SOURCES.md
// "logistics").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("warehouses.list", "/logistics/{version}/warehouses", "202309",
        "The shop's warehouses (unpaged).", records("/data/warehouses", "id")),
    get("global_warehouses.list", "/logistics/{version}/global_warehouses", "202309",
        "A cross-border seller's global warehouses.", kNoShop,
        records("/data/global_warehouses", "id")),
    get("warehouses.delivery_options",
        "/logistics/{version}/warehouses/{warehouse_id}/delivery_options", "202309",
        "Delivery options of one warehouse.", records("/data/delivery_options", "id")),
    get("delivery_options.shipping_providers",
        "/logistics/{version}/delivery_options/{delivery_option_id}/shipping_providers", "202309",
        "Shipping providers of one delivery option.", records("/data/shipping_providers", "id")),
};

}  // namespace

std::span<const EndpointSpec> logistics_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
