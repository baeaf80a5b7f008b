// Order endpoints (API_SOURCES.md "orders").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "orders.search",
     .method = "POST",
     .path = "/order/{version}/orders/search",
     .version = "202309",
     .records = "/data/orders",
     .key = "id",
     .query = {{{"sort_field", "create_time"}, {"sort_order", "ASC"}}},
     .paging = &kPage100,
     .incremental = &kBodyWindowExclusive,
     .summary = "Order list filtered by time window."},
    // 202507 is the reference page's version; query and records are those of 202309.
    {.id = "orders.get",
     .method = "GET",
     .path = "/order/{version}/orders",
     .version = "202507",
     .records = "/data/orders",
     .key = "id",
     .summary = "Order details for up to 50 ids (query ids=a,b,...).",
     .served = {{{"202309", ""}, {"202507", ""}}}},
    {.id = "orders.price_detail",
     .method = "GET",
     .path = "/order/{version}/orders/{order_id}/price_detail",
     .version = "202407",
     .records = "/data",
     .summary = "Price breakdown of one order."},
    {.id = "orders.external_orders.add",
     .method = "POST",
     .path = "/order/{version}/orders/external_orders",
     .version = "202406",
     .records = "/data",
     .import = &kWrite,
     .summary = "Link orders to external order ids (body orders[])."},
    {.id = "orders.external_orders.get",
     .method = "GET",
     .path = "/order/{version}/orders/{order_id}/external_orders",
     .version = "202406",
     .records = "/data/external_orders",
     .summary = "External order references of one order (query platform)."},
    {.id = "orders.external_orders.search",
     .method = "POST",
     .path = "/order/{version}/orders/external_order_search",
     .version = "202406",
     .records = "/data/orders",
     .key = "id",
     .summary = "Orders with an external order id (query platform, external_order_id)."},
};

}  // namespace

std::span<const EndpointSpec> order_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
