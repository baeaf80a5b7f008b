// Fulfilment endpoints: packages, shipping documents, handover, tracking, splitting and combining
// (API_SOURCES.md "fulfilment"). All take the shop cipher except first-mile bundles.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("packages.search", "/fulfillment/{version}/packages/search", "202309")
        .records("/data/packages", "id")
        .paged(kPage50)
        .windowed(kBodyWindowExclusive)
        .about("Packages (page size 1-50)."),
    get("packages.get", "/fulfillment/{version}/packages/{package_id}", "202309")
        .records("/data", "package_id")
        .about("One package's details."),
    post("packages.ship", "/fulfillment/{version}/packages/{package_id}/ship", "202309")
        .writes(kWrite)
        .about("Ship a package (body handover_method, pickup_slot, ...)."),
    post("packages.batch_ship", "/fulfillment/{version}/packages/ship", "202309")
        .writes(kWriteWithItemErrors)
        .about("Ship several packages (body packages[]); per-package failures in data.errors."),
    // The document is not in the answer: data.doc_url points at it (valid 24 hours).
    get("packages.shipping_documents",
        "/fulfillment/{version}/packages/{package_id}/shipping_documents", "202309")
        .records("/data", "doc_url")
        .about("A package's shipping label or packing slip (query document_type SHIPPING_LABEL|"
               "PACKING_SLIP|SHIPPING_LABEL_AND_PACKING_SLIP|SHIPPING_LABEL_PICTURE, "
               "document_size A6|A5, document_format); data.doc_url is the file."),
    get("packages.handover_time_slots",
        "/fulfillment/{version}/packages/{package_id}/handover_time_slots", "202309")
        .records("/data/pickup_slots")
        .about("Pickup or drop-off time slots of a package."),
    post("packages.shipping_info.update",
         "/fulfillment/{version}/packages/{package_id}/shipping_info/update", "202309")
        .writes(kWrite)
        .about("Change a package's tracking number and shipping provider."),
    // 202512 is the reference page's version; 202309 is what EcomPHP still calls.
    post("packages.create", "/fulfillment/{version}/packages", "202512")
        .records("/data", "id")
        .writes(kWrite)
        .served({"202309", ""}, {"202512", ""})
        .about("Create a package for order lines (body order_id, shipping_service_id, ...)."),
    post("packages.combine", "/fulfillment/{version}/packages/combine", "202309")
        .records("/data")
        .writes(kWrite)
        .about("Combine packages (body combinable_packages)."),
    post("packages.uncombine", "/fulfillment/{version}/packages/{package_id}/uncombine", "202309")
        .records("/data")
        .writes(kWrite)
        .about("Take orders out of a combined package (body order_ids)."),
    post("packages.deliver", "/fulfillment/{version}/packages/deliver", "202309")
        .writes(kWriteWithItemErrors)
        .about("Mark seller-delivered packages delivered or failed (body packages[])."),
    get("combinable_packages.search", "/fulfillment/{version}/combinable_packages/search", "202309")
        .records("/data/combinable_packages", "id")
        .paged(kPage50)
        .about("Packages that can be combined."),
    get("orders.tracking", "/fulfillment/{version}/orders/{order_id}/tracking", "202309")
        .records("/data/tracking")
        .about("Tracking events of an order."),
    post("orders.shipping_info.update",
         "/fulfillment/{version}/orders/{order_id}/shipping_info/update", "202309")
        .writes(kWrite)
        .about("Change an order's tracking number and shipping provider."),
    post("orders.mark_shipped", "/fulfillment/{version}/orders/{order_id}/packages", "202309")
        .records("/data")
        .writes(kWrite)
        .about("Mark a seller-shipped order (or order lines) as shipped, with tracking."),
    post("orders.shipping_services",
         "/fulfillment/{version}/orders/{order_id}/shipping_services/query", "202309")
        .records("/data/shipping_services", "id")
        .about("Shipping services an order is eligible for."),
    post("orders.split", "/fulfillment/{version}/orders/{order_id}/split", "202309")
        .records("/data")
        .writes(kWrite)
        .about("Split an order into packages (body splittable_groups)."),
    get("orders.split_attributes", "/fulfillment/{version}/orders/split_attributes", "202309")
        .records("/data/split_attributes", "order_id")
        .about("Whether orders can be split (query order_ids=a,b,...)."),
    post("fulfillment.images.upload", "/fulfillment/{version}/images/upload", "202309")
        .multipart()
        .records("/data")
        .writes(kWrite)
        .about("Upload a proof-of-delivery image (multipart; the body is not signed)."),
    post("fulfillment.files.upload", "/fulfillment/{version}/files/upload", "202309")
        .multipart()
        .records("/data")
        .writes(kWrite)
        .about("Upload a proof-of-delivery file (multipart; the body is not signed)."),
    post("fulfillment.bundles.create", "/fulfillment/{version}/bundles", "202407")
        .no_shop()
        .records("/data")
        .writes(kWrite)
        .about("Create a first-mile bundle of orders (cross-border)."),
};

}  // namespace

std::span<const EndpointSpec> fulfillment_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
