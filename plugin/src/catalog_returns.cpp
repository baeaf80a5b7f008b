// Returns, refunds and cancellations (API_SOURCES.md "returns, refunds and cancellations").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("returns.search", "/return_refund/{version}/returns/search", "202309")
        .records("/data/return_orders", "return_id")
        .paged(kReturnsPaging)
        .windowed(kBodyWindowExclusive)
        .about("Return and refund requests."),
    post("returns.approve", "/return_refund/{version}/returns/{return_id}/approve", "202309")
        .writes(kIdempotentDecision)
        .about("Approve a return."),
    post("returns.reject", "/return_refund/{version}/returns/{return_id}/reject", "202309")
        .writes(kIdempotentDecision)
        .about("Reject a return."),
    post("returns.create", "/return_refund/{version}/returns", "202309")
        .records("/data", "return_id")
        .writes(kIdempotentDecision)
        .about("Create a return or refund on a buyer's behalf."),
    get("returns.records", "/return_refund/{version}/returns/{return_id}/records", "202309")
        .records("/data/records")
        .about("The history of one return."),
    get("returns.reject_reasons", "/return_refund/{version}/reject_reasons", "202309")
        .records("/data/reasons", "name")
        .about("Reasons a return or cancellation may be rejected with."),
    post("refunds.calculate", "/return_refund/{version}/refunds/calculate", "202309")
        .records("/data")
        .about("What a refund would pay back."),
    get("orders.aftersale_eligibility",
        "/return_refund/{version}/orders/{order_id}/aftersale_eligibility", "202512")
        .records("/data")
        .served({"202309", ""}, {"202512", ""})
        .about("Which after-sale requests an order's lines allow."),
    post("cancellations.search", "/return_refund/{version}/cancellations/search", "202309")
        .records("/data/cancellations", "cancel_id")
        .paged(kPage50)
        .windowed(kBodyWindowExclusive)
        .about("Cancellation requests."),
    post("cancellations.create", "/return_refund/{version}/cancellations", "202309")
        .records("/data", "cancel_id")
        .writes(kWrite)
        .about("Cancel an order as the seller (body order_id, cancel_reason)."),
    post("cancellations.approve", "/return_refund/{version}/cancellations/{cancel_id}/approve",
         "202309")
        .writes(kIdempotentDecision)
        .about("Approve a cancellation."),
    post("cancellations.reject", "/return_refund/{version}/cancellations/{cancel_id}/reject",
         "202309")
        .writes(kIdempotentDecision)
        .about("Reject a cancellation."),
};

}  // namespace

std::span<const EndpointSpec> return_refund_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
