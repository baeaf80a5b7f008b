// The endpoint catalog. Facts from shared/docs/tiktok-shop-api.md; versions are the commonly used
// ones and every connection can override them (endpoint_versions), because TikTok versions each
// endpoint separately and retires versions over time.
#include "catalog.hpp"

namespace tts {
namespace {

constexpr PagingSpec kPage100{};
constexpr PagingSpec kPage50{.min_size = 1, .max_size = 50, .default_size = 50};
// Returns search takes 10..50 per the API facts; the host clamps into this range.
constexpr PagingSpec kReturnsPaging{.min_size = 10, .max_size = 50, .default_size = 50};
// Product search stops at 10,000 results whatever the paging says.
constexpr PagingSpec kProductsPaging{.max_results = 10000};

constexpr IncrementalSpec kBodyWindowExclusive{
    .location = "body",
    .update = {"update_time_ge", "update_time_lt", false},
    .create = {"create_time_ge", "create_time_lt", false},
    .cursor_field = "update_time"};
// Products use _le: the upper bound is inclusive, so a host must not re-read the boundary second.
constexpr IncrementalSpec kProductsWindow{
    .location = "body",
    .update = {"update_time_ge", "update_time_le", true},
    .create = {"create_time_ge", "create_time_le", true},
    .cursor_field = "update_time"};
constexpr IncrementalSpec kStatementsWindow{
    .location = "query",
    .update = {},
    .create = {"statement_time_ge", "statement_time_lt", false},
    .cursor_field = "statement_time"};
constexpr IncrementalSpec kPaymentsWindow{
    .location = "query",
    .update = {},
    .create = {"create_time_ge", "create_time_lt", false},
    .cursor_field = "create_time"};

constexpr ImportSpec kWrite{};
constexpr ImportSpec kWriteWithItemErrors{.item_errors = "/data/errors"};
constexpr ImportSpec kIdempotentDecision{.idempotency_param = "idempotency_key",
                                         .idempotency_max_len = 255};

constexpr EndpointSpec kEndpoints[] = {
    {.id = "shops.list", .method = "GET", .path = "/authorization/{version}/shops",
     .version = "202309", .scope = ScopeRule::kForbidden, .records = "/data/shops", .key = "id",
     .summary = "Shops the access token covers, with the cipher each shop-scoped call needs."},
    {.id = "seller.shops", .method = "GET", .path = "/seller/{version}/shops", .version = "202309",
     .scope = ScopeRule::kForbidden, .records = "/data/shops", .key = "id",
     .summary = "Active shops of the seller."},
    {.id = "orders.search", .method = "POST", .path = "/order/{version}/orders/search",
     .version = "202309", .records = "/data/orders", .key = "id",
     .query = {{{"sort_field", "create_time"}, {"sort_order", "ASC"}}}, .paging = &kPage100,
     .incremental = &kBodyWindowExclusive, .summary = "Order list filtered by time window."},
    {.id = "orders.get", .method = "GET", .path = "/order/{version}/orders", .version = "202309",
     .records = "/data/orders", .key = "id",
     .summary = "Order details for up to 50 ids (query ids=a,b,...)."},
    {.id = "products.search", .method = "POST", .path = "/product/{version}/products/search",
     .version = "202309", .records = "/data/products", .key = "id", .paging = &kProductsPaging,
     .incremental = &kProductsWindow, .summary = "Product list; stops at 10,000 results."},
    {.id = "products.get", .method = "GET", .path = "/product/{version}/products/{product_id}",
     .version = "202309", .records = "/data", .key = "id", .summary = "One product's details."},
    {.id = "products.create", .method = "POST", .path = "/product/{version}/products",
     .version = "202309", .records = "/data", .key = "product_id", .import = &kWrite,
     .summary = "Create a product."},
    {.id = "products.update", .method = "PUT", .path = "/product/{version}/products/{product_id}",
     .version = "202309", .records = "/data", .key = "product_id", .import = &kWrite,
     .summary = "Replace a product (full edit)."},
    {.id = "products.partial_edit", .method = "POST",
     .path = "/product/{version}/products/{product_id}/partial_edit", .version = "202309",
     .records = "/data", .key = "product_id", .import = &kWrite,
     .summary = "Change some fields of a product."},
    {.id = "products.delete", .method = "DELETE", .path = "/product/{version}/products",
     .version = "202309", .import = &kWriteWithItemErrors,
     .summary = "Delete products (JSON body {\"product_ids\":[...]}, signed)."},
    {.id = "products.inventory.update", .method = "POST",
     .path = "/product/{version}/products/{product_id}/inventory/update", .version = "202309",
     .import = &kWriteWithItemErrors,
     .summary = "Set SKU stock per warehouse; per-SKU failures in data.errors."},
    {.id = "inventory.search", .method = "POST", .path = "/product/{version}/inventory/search",
     .version = "202309", .records = "/data/inventory", .key = "product_id",
     .summary = "Stock of the given products or SKUs."},
    {.id = "products.prices.update", .method = "POST",
     .path = "/product/{version}/products/{product_id}/prices/update", .version = "202309",
     .import = &kWrite, .summary = "Set SKU prices."},
    {.id = "images.upload", .method = "POST", .path = "/product/{version}/images/upload",
     .version = "202309", .scope = ScopeRule::kForbidden, .content_type = "multipart/form-data",
     .records = "/data", .key = "uri", .import = &kWrite,
     .summary = "Upload an image (multipart; the body is not signed)."},
    {.id = "files.upload", .method = "POST", .path = "/product/{version}/files/upload",
     .version = "202309", .scope = ScopeRule::kForbidden, .content_type = "multipart/form-data",
     .records = "/data", .key = "id", .import = &kWrite,
     .summary = "Upload a file (multipart; the body is not signed)."},
    {.id = "returns.search", .method = "POST", .path = "/return_refund/{version}/returns/search",
     .version = "202309", .records = "/data/return_orders", .key = "return_id",
     .paging = &kReturnsPaging, .incremental = &kBodyWindowExclusive,
     .summary = "Return and refund requests."},
    {.id = "cancellations.search", .method = "POST",
     .path = "/return_refund/{version}/cancellations/search", .version = "202309",
     .records = "/data/cancellations", .key = "cancel_id", .paging = &kPage50,
     .incremental = &kBodyWindowExclusive, .summary = "Cancellation requests."},
    {.id = "returns.approve", .method = "POST",
     .path = "/return_refund/{version}/returns/{return_id}/approve", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Approve a return."},
    {.id = "returns.reject", .method = "POST",
     .path = "/return_refund/{version}/returns/{return_id}/reject", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Reject a return."},
    {.id = "cancellations.approve", .method = "POST",
     .path = "/return_refund/{version}/cancellations/{cancel_id}/approve", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Approve a cancellation."},
    {.id = "cancellations.reject", .method = "POST",
     .path = "/return_refund/{version}/cancellations/{cancel_id}/reject", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Reject a cancellation."},
    {.id = "packages.search", .method = "POST", .path = "/fulfillment/{version}/packages/search",
     .version = "202309", .records = "/data/packages", .key = "id", .paging = &kPage50,
     .incremental = &kBodyWindowExclusive, .summary = "Packages (page size 1-50)."},
    {.id = "packages.get", .method = "GET", .path = "/fulfillment/{version}/packages/{package_id}",
     .version = "202309", .records = "/data", .key = "package_id",
     .summary = "One package's details."},
    {.id = "packages.ship", .method = "POST",
     .path = "/fulfillment/{version}/packages/{package_id}/ship", .version = "202309",
     .import = &kWrite, .summary = "Ship a package."},
    {.id = "orders.tracking", .method = "GET",
     .path = "/fulfillment/{version}/orders/{order_id}/tracking", .version = "202309",
     .records = "/data/tracking", .summary = "Tracking events of an order."},
    {.id = "warehouses.list", .method = "GET", .path = "/logistics/{version}/warehouses",
     .version = "202309", .records = "/data/warehouses", .key = "id",
     .summary = "The shop's warehouses (unpaged)."},
    {.id = "statements.list", .method = "GET", .path = "/finance/{version}/statements",
     .version = "202309", .records = "/data/statements", .key = "id",
     .query = {{{"sort_field", "statement_time"}, {}}}, .paging = &kPage100,
     .incremental = &kStatementsWindow, .summary = "Settlement statements."},
    {.id = "statements.transactions", .method = "GET",
     .path = "/finance/{version}/statements/{statement_id}/statement_transactions",
     .version = "202501", .records = "/data/transactions", .key = "id", .paging = &kPage100,
     .summary = "Transactions of one statement."},
    {.id = "payments.list", .method = "GET", .path = "/finance/{version}/payments",
     .version = "202309", .records = "/data/payments", .key = "id",
     .query = {{{"sort_field", "create_time"}, {}}}, .paging = &kPage100,
     .incremental = &kPaymentsWindow, .summary = "Payments to the seller."},
    {.id = "webhooks.list", .method = "GET", .path = "/event/{version}/webhooks",
     .version = "202309", .records = "/data/webhooks", .key = "event_type",
     .summary = "The shop's webhook subscriptions."},
    {.id = "webhooks.update", .method = "PUT", .path = "/event/{version}/webhooks",
     .version = "202309", .import = &kWrite,
     .summary = "Subscribe an address to an event type (body {address, event_type})."},
    {.id = "webhooks.delete", .method = "DELETE", .path = "/event/{version}/webhooks",
     .version = "202309", .import = &kWrite,
     .summary = "Remove a subscription (body {event_type})."},
};

constexpr DetailSpec kOrderDetail{.endpoint = "orders.get", .ids_param = "ids", .batch = 50};

constexpr ResourceSpec kResources[] = {
    {.id = "shops", .name = "Shops", .export_endpoint = "shops.list"},
    {.id = "orders", .name = "Orders", .export_endpoint = "orders.search",
     .detail = &kOrderDetail},
    {.id = "products", .name = "Products", .export_endpoint = "products.search",
     .imports = {"products.create", "products.update", "products.partial_edit",
                 "products.delete"}},
    {.id = "inventory", .name = "Inventory", .export_endpoint = "inventory.search",
     .imports = {"products.inventory.update"}},
    {.id = "prices", .name = "Prices", .imports = {"products.prices.update"}},
    {.id = "media", .name = "Images and files", .imports = {"images.upload", "files.upload"}},
    {.id = "returns", .name = "Returns", .export_endpoint = "returns.search",
     .imports = {"returns.approve", "returns.reject"}},
    {.id = "cancellations", .name = "Cancellations", .export_endpoint = "cancellations.search",
     .imports = {"cancellations.approve", "cancellations.reject"}},
    {.id = "packages", .name = "Packages", .export_endpoint = "packages.search",
     .imports = {"packages.ship"}},
    {.id = "warehouses", .name = "Warehouses", .export_endpoint = "warehouses.list"},
    {.id = "statements", .name = "Statements", .export_endpoint = "statements.list"},
    {.id = "statement_transactions", .name = "Statement transactions",
     .export_endpoint = "statements.transactions"},
    {.id = "payments", .name = "Payments", .export_endpoint = "payments.list"},
    {.id = "webhooks", .name = "Webhook subscriptions", .export_endpoint = "webhooks.list",
     .imports = {"webhooks.update", "webhooks.delete"}},
};

}  // namespace

std::span<const EndpointSpec> Endpoints() { return kEndpoints; }
std::span<const ResourceSpec> Resources() { return kResources; }

const EndpointSpec* FindEndpoint(std::string_view id) {
  for (const EndpointSpec& spec : kEndpoints) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

size_t EndpointIndex(const EndpointSpec& spec) {
  return static_cast<size_t>(&spec - kEndpoints);
}

std::string_view ScopeRuleName(ScopeRule rule) {
  switch (rule) {
    case ScopeRule::kRequired: return "required";
    case ScopeRule::kForbidden: return "forbidden";
    case ScopeRule::kOptional: return "optional";
  }
  return "optional";
}

}  // namespace tts
