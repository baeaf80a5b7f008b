// Logistics endpoints: warehouses, delivery options, shipping providers (API_SOURCES.md
// "logistics").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("warehouses.list", "/logistics/{version}/warehouses", "202309")
        .records("/data/warehouses", "id")
        .about("The shop's warehouses (unpaged)."),
    get("global_warehouses.list", "/logistics/{version}/global_warehouses", "202309")
        .no_shop()
        .records("/data/global_warehouses", "id")
        .about("A cross-border seller's global warehouses."),
    get("warehouses.delivery_options",
        "/logistics/{version}/warehouses/{warehouse_id}/delivery_options", "202309")
        .records("/data/delivery_options", "id")
        .about("Delivery options of one warehouse."),
    get("delivery_options.shipping_providers",
        "/logistics/{version}/delivery_options/{delivery_option_id}/shipping_providers", "202309")
        .records("/data/shipping_providers", "id")
        .about("Shipping providers of one delivery option."),
};

}  // namespace

std::span<const EndpointSpec> logistics_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
