// Fulfilment endpoints: packages, shipping documents, handover, tracking, splitting and combining
// (API_SOURCES.md "fulfilment"). All take the shop cipher except first-mile bundles.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "packages.search", .method = "POST", .path = "/fulfillment/{version}/packages/search",
     .version = "202309", .records = "/data/packages", .key = "id", .paging = &kPage50,
     .incremental = &kBodyWindowExclusive, .summary = "Packages (page size 1-50)."},
    {.id = "packages.get", .method = "GET", .path = "/fulfillment/{version}/packages/{package_id}",
     .version = "202309", .records = "/data", .key = "package_id",
     .summary = "One package's details."},
    {.id = "packages.ship", .method = "POST",
     .path = "/fulfillment/{version}/packages/{package_id}/ship", .version = "202309",
     .import = &kWrite, .summary = "Ship a package (body handover_method, pickup_slot, ...)."},
    {.id = "packages.batch_ship", .method = "POST", .path = "/fulfillment/{version}/packages/ship",
     .version = "202309", .import = &kWriteWithItemErrors,
     .summary = "Ship several packages (body packages[]); per-package failures in data.errors."},
    // The document is not in the answer: data.doc_url points at it (valid 24 hours).
    {.id = "packages.shipping_documents", .method = "GET",
     .path = "/fulfillment/{version}/packages/{package_id}/shipping_documents",
     .version = "202309", .records = "/data", .key = "doc_url",
     .summary = "A package's shipping label or packing slip (query document_type SHIPPING_LABEL|"
                "PACKING_SLIP|SHIPPING_LABEL_AND_PACKING_SLIP|SHIPPING_LABEL_PICTURE, "
                "document_size A6|A5, document_format); data.doc_url is the file."},
    {.id = "packages.handover_time_slots", .method = "GET",
     .path = "/fulfillment/{version}/packages/{package_id}/handover_time_slots",
     .version = "202309", .records = "/data/pickup_slots",
     .summary = "Pickup or drop-off time slots of a package."},
    {.id = "packages.shipping_info.update", .method = "POST",
     .path = "/fulfillment/{version}/packages/{package_id}/shipping_info/update",
     .version = "202309", .import = &kWrite,
     .summary = "Change a package's tracking number and shipping provider."},
    // 202512 is the reference page's version; 202309 is what EcomPHP still calls.
    {.id = "packages.create", .method = "POST", .path = "/fulfillment/{version}/packages",
     .version = "202512", .records = "/data", .key = "id", .import = &kWrite,
     .summary = "Create a package for order lines (body order_id, shipping_service_id, ...).",
     .served = {{{"202309", ""}, {"202512", ""}}}},
    {.id = "packages.combine", .method = "POST", .path = "/fulfillment/{version}/packages/combine",
     .version = "202309", .records = "/data", .import = &kWrite,
     .summary = "Combine packages (body combinable_packages)."},
    {.id = "packages.uncombine", .method = "POST",
     .path = "/fulfillment/{version}/packages/{package_id}/uncombine", .version = "202309",
     .records = "/data", .import = &kWrite,
     .summary = "Take orders out of a combined package (body order_ids)."},
    {.id = "packages.deliver", .method = "POST", .path = "/fulfillment/{version}/packages/deliver",
     .version = "202309", .import = &kWriteWithItemErrors,
     .summary = "Mark seller-delivered packages delivered or failed (body packages[])."},
    {.id = "combinable_packages.search", .method = "GET",
     .path = "/fulfillment/{version}/combinable_packages/search", .version = "202309",
     .records = "/data/combinable_packages", .key = "id", .paging = &kPage50,
     .summary = "Packages that can be combined."},
    {.id = "orders.tracking", .method = "GET",
     .path = "/fulfillment/{version}/orders/{order_id}/tracking", .version = "202309",
     .records = "/data/tracking", .summary = "Tracking events of an order."},
    {.id = "orders.shipping_info.update", .method = "POST",
     .path = "/fulfillment/{version}/orders/{order_id}/shipping_info/update", .version = "202309",
     .import = &kWrite, .summary = "Change an order's tracking number and shipping provider."},
    {.id = "orders.mark_shipped", .method = "POST",
     .path = "/fulfillment/{version}/orders/{order_id}/packages", .version = "202309",
     .records = "/data", .import = &kWrite,
     .summary = "Mark a seller-shipped order (or order lines) as shipped, with tracking."},
    {.id = "orders.shipping_services", .method = "POST",
     .path = "/fulfillment/{version}/orders/{order_id}/shipping_services/query",
     .version = "202309", .records = "/data/shipping_services", .key = "id",
     .summary = "Shipping services an order is eligible for."},
    {.id = "orders.split", .method = "POST",
     .path = "/fulfillment/{version}/orders/{order_id}/split",
     .version = "202309", .records = "/data", .import = &kWrite,
     .summary = "Split an order into packages (body splittable_groups)."},
    {.id = "orders.split_attributes", .method = "GET",
     .path = "/fulfillment/{version}/orders/split_attributes", .version = "202309",
     .records = "/data/split_attributes", .key = "order_id",
     .summary = "Whether orders can be split (query order_ids=a,b,...)."},
    {.id = "fulfillment.images.upload", .method = "POST",
     .path = "/fulfillment/{version}/images/upload", .version = "202309",
     .content_type = "multipart/form-data", .records = "/data", .import = &kWrite,
     .summary = "Upload a proof-of-delivery image (multipart; the body is not signed)."},
    {.id = "fulfillment.files.upload", .method = "POST",
     .path = "/fulfillment/{version}/files/upload", .version = "202309",
     .content_type = "multipart/form-data", .records = "/data", .import = &kWrite,
     .summary = "Upload a proof-of-delivery file (multipart; the body is not signed)."},
    {.id = "fulfillment.bundles.create", .method = "POST", .path = "/fulfillment/{version}/bundles",
     .version = "202407", .scope = ScopeRule::kForbidden, .records = "/data", .import = &kWrite,
     .summary = "Create a first-mile bundle of orders (cross-border)."},
};

}  // namespace

std::span<const EndpointSpec> fulfillment_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
