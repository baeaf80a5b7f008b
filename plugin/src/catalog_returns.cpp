// Returns, refunds and cancellations (API_SOURCES.md "returns, refunds and cancellations").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    post("returns.search", "/return_refund/{version}/returns/search", "202309",
         "Return and refund requests.", records("/data/return_orders", "return_id"),
         paged(kReturnsPaging), windowed(kBodyWindowExclusive)),
    post("returns.approve", "/return_refund/{version}/returns/{return_id}/approve", "202309",
         "Approve a return.", writes(kIdempotentDecision)),
    post("returns.reject", "/return_refund/{version}/returns/{return_id}/reject", "202309",
         "Reject a return.", writes(kIdempotentDecision)),
    post("returns.create", "/return_refund/{version}/returns", "202309",
         "Create a return or refund on a buyer's behalf.", records("/data", "return_id"),
         writes(kIdempotentDecision)),
    get("returns.records", "/return_refund/{version}/returns/{return_id}/records", "202309",
        "The history of one return.", records("/data/records")),
    get("returns.reject_reasons", "/return_refund/{version}/reject_reasons", "202309",
        "Reasons a return or cancellation may be rejected with.", records("/data/reasons", "name")),
    post("refunds.calculate", "/return_refund/{version}/refunds/calculate", "202309",
         "What a refund would pay back.", records("/data")),
    get("orders.aftersale_eligibility",
        "/return_refund/{version}/orders/{order_id}/aftersale_eligibility", "202512",
        "Which after-sale requests an order's lines allow.", records("/data"),
        served({"202309", ""}, {"202512", ""})),
    post("cancellations.search", "/return_refund/{version}/cancellations/search", "202309",
         "Cancellation requests.", records("/data/cancellations", "cancel_id"), paged(kPage50),
         windowed(kBodyWindowExclusive)),
    post("cancellations.create", "/return_refund/{version}/cancellations", "202309",
         "Cancel an order as the seller (body order_id, cancel_reason).",
         records("/data", "cancel_id"), writes(kWrite)),
    post("cancellations.approve", "/return_refund/{version}/cancellations/{cancel_id}/approve",
         "202309", "Approve a cancellation.", writes(kIdempotentDecision)),
    post("cancellations.reject", "/return_refund/{version}/cancellations/{cancel_id}/reject",
         "202309", "Reject a cancellation.", writes(kIdempotentDecision)),
};

}  // namespace

std::span<const EndpointSpec> return_refund_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
