// Order endpoints (API_SOURCES.md "orders").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("orders.search", "/order/{version}/orders/search", "202309",
         "Order list filtered by time window.", records("/data/orders", "id"),
         fixed_query({"sort_field", "create_time"}, {"sort_order", "ASC"}), paged(kPage100),
         windowed(kBodyWindowExclusive)),
    // 202507 is the reference page's version; query and records are those of 202309.
    get("orders.get", "/order/{version}/orders", "202507",
        "Order details for up to 50 ids (query ids=a,b,...).", records("/data/orders", "id"),
        served({"202309", ""}, {"202507", ""})),
    get("orders.price_detail", "/order/{version}/orders/{order_id}/price_detail", "202407",
        "Price breakdown of one order.", records("/data")),
    post("orders.external_orders.add", "/order/{version}/orders/external_orders", "202406",
         "Link orders to external order ids (body orders[]).", records("/data"), writes(kWrite)),
    get("orders.external_orders.get", "/order/{version}/orders/{order_id}/external_orders",
        "202406", "External order references of one order (query platform).",
        records("/data/external_orders")),
    post("orders.external_orders.search", "/order/{version}/orders/external_order_search", "202406",
         "Orders with an external order id (query platform, external_order_id).",
         records("/data/orders", "id")),
};

}  // namespace

std::span<const EndpointSpec> order_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
