// Logistics endpoints: warehouses, delivery options, shipping providers (API_SOURCES.md
// "logistics").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "warehouses.list",
     .method = "GET",
     .path = "/logistics/{version}/warehouses",
     .version = "202309",
     .records = "/data/warehouses",
     .key = "id",
     .summary = "The shop's warehouses (unpaged)."},
    {.id = "global_warehouses.list",
     .method = "GET",
     .path = "/logistics/{version}/global_warehouses",
     .version = "202309",
     .scope = ScopeRule::kForbidden,
     .records = "/data/global_warehouses",
     .key = "id",
     .summary = "A cross-border seller's global warehouses."},
    {.id = "warehouses.delivery_options",
     .method = "GET",
     .path = "/logistics/{version}/warehouses/{warehouse_id}/delivery_options",
     .version = "202309",
     .records = "/data/delivery_options",
     .key = "id",
     .summary = "Delivery options of one warehouse."},
    {.id = "delivery_options.shipping_providers",
     .method = "GET",
     .path = "/logistics/{version}/delivery_options/{delivery_option_id}/shipping_providers",
     .version = "202309",
     .records = "/data/shipping_providers",
     .key = "id",
     .summary = "Shipping providers of one delivery option."},
};

}  // namespace

std::span<const EndpointSpec> logistics_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
