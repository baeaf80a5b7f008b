// Fulfilment endpoints: packages, shipping documents, handover, tracking, splitting and combining
// (API_SOURCES.md "fulfilment"). All take the shop cipher except first-mile bundles.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("packages.search", "/fulfillment/{version}/packages/search", "202309",
         "Packages (page size 1-50).", records("/data/packages", "id"), paged(kPage50),
         windowed(kBodyWindowExclusive)),
    get("packages.get", "/fulfillment/{version}/packages/{package_id}", "202309",
        "One package's details.", records("/data", "package_id")),
    post("packages.ship", "/fulfillment/{version}/packages/{package_id}/ship", "202309",
         "Ship a package (body handover_method, pickup_slot, ...).", writes(kWrite)),
    post("packages.batch_ship", "/fulfillment/{version}/packages/ship", "202309",
         "Ship several packages (body packages[]); per-package failures in data.errors.",
         writes(kWriteWithItemErrors)),
    // The document is not in the answer: data.doc_url points at it (valid 24 hours).
    get("packages.shipping_documents",
        "/fulfillment/{version}/packages/{package_id}/shipping_documents", "202309",
        "A package's shipping label or packing slip (query document_type SHIPPING_LABEL|"
        "PACKING_SLIP|SHIPPING_LABEL_AND_PACKING_SLIP|SHIPPING_LABEL_PICTURE, "
        "document_size A6|A5, document_format); data.doc_url is the file.",
        records("/data", "doc_url")),
    get("packages.handover_time_slots",
        "/fulfillment/{version}/packages/{package_id}/handover_time_slots", "202309",
        "Pickup or drop-off time slots of a package.", records("/data/pickup_slots")),
    post("packages.shipping_info.update",
         "/fulfillment/{version}/packages/{package_id}/shipping_info/update", "202309",
         "Change a package's tracking number and shipping provider.", writes(kWrite)),
    // 202512 is the reference page's version; 202309 is what EcomPHP still calls.
    post("packages.create", "/fulfillment/{version}/packages", "202512",
         "Create a package for order lines (body order_id, shipping_service_id, ...).",
         records("/data", "id"), writes(kWrite), served({"202309", ""}, {"202512", ""})),
    post("packages.combine", "/fulfillment/{version}/packages/combine", "202309",
         "Combine packages (body combinable_packages).", records("/data"), writes(kWrite)),
    post("packages.uncombine", "/fulfillment/{version}/packages/{package_id}/uncombine", "202309",
         "Take orders out of a combined package (body order_ids).", records("/data"),
         writes(kWrite)),
    post("packages.deliver", "/fulfillment/{version}/packages/deliver", "202309",
         "Mark seller-delivered packages delivered or failed (body packages[]).",
         writes(kWriteWithItemErrors)),
    get("combinable_packages.search", "/fulfillment/{version}/combinable_packages/search", "202309",
        "Packages that can be combined.", records("/data/combinable_packages", "id"),
        paged(kPage50)),
    get("orders.tracking", "/fulfillment/{version}/orders/{order_id}/tracking", "202309",
        "Tracking events of an order.", records("/data/tracking")),
    post("orders.shipping_info.update",
         "/fulfillment/{version}/orders/{order_id}/shipping_info/update", "202309",
         "Change an order's tracking number and shipping provider.", writes(kWrite)),
    post("orders.mark_shipped", "/fulfillment/{version}/orders/{order_id}/packages", "202309",
         "Mark a seller-shipped order (or order lines) as shipped, with tracking.",
         records("/data"), writes(kWrite)),
    post("orders.shipping_services",
         "/fulfillment/{version}/orders/{order_id}/shipping_services/query", "202309",
         "Shipping services an order is eligible for.", records("/data/shipping_services", "id")),
    post("orders.split", "/fulfillment/{version}/orders/{order_id}/split", "202309",
         "Split an order into packages (body splittable_groups).", records("/data"),
         writes(kWrite)),
    get("orders.split_attributes", "/fulfillment/{version}/orders/split_attributes", "202309",
        "Whether orders can be split (query order_ids=a,b,...).",
        records("/data/split_attributes", "order_id")),
    post("fulfillment.images.upload", "/fulfillment/{version}/images/upload", "202309",
         "Upload a proof-of-delivery image (multipart; the body is not signed).", kMultipart,
         records("/data"), writes(kWrite)),
    post("fulfillment.files.upload", "/fulfillment/{version}/files/upload", "202309",
         "Upload a proof-of-delivery file (multipart; the body is not signed).", kMultipart,
         records("/data"), writes(kWrite)),
    post("fulfillment.bundles.create", "/fulfillment/{version}/bundles", "202407",
         "Create a first-mile bundle of orders (cross-border).", kNoShop, records("/data"),
         writes(kWrite)),
};

}  // namespace

std::span<const EndpointSpec> fulfillment_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
