// Order endpoints (API_SOURCES.md "orders").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("orders.search", "/order/{version}/orders/search", "202309")
        .records("/data/orders", "id")
        .fixed_query({"sort_field", "create_time"}, {"sort_order", "ASC"})
        .paged(kPage100)
        .windowed(kBodyWindowExclusive)
        .about("Order list filtered by time window."),
    // 202507 is the reference page's version; query and records are those of 202309.
    get("orders.get", "/order/{version}/orders", "202507")
        .records("/data/orders", "id")
        .served({"202309", ""}, {"202507", ""})
        .about("Order details for up to 50 ids (query ids=a,b,...)."),
    get("orders.price_detail", "/order/{version}/orders/{order_id}/price_detail", "202407")
        .records("/data")
        .about("Price breakdown of one order."),
    post("orders.external_orders.add", "/order/{version}/orders/external_orders", "202406")
        .records("/data")
        .writes(kWrite)
        .about("Link orders to external order ids (body orders[])."),
    get("orders.external_orders.get", "/order/{version}/orders/{order_id}/external_orders",
        "202406")
        .records("/data/external_orders")
        .about("External order references of one order (query platform)."),
    post("orders.external_orders.search", "/order/{version}/orders/external_order_search", "202406")
        .records("/data/orders", "id")
        .about("Orders with an external order id (query platform, external_order_id)."),
};

}  // namespace

std::span<const EndpointSpec> order_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
