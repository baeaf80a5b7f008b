// Returns, refunds and cancellations (API_SOURCES.md "returns, refunds and cancellations").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "returns.search", .method = "POST", .path = "/return_refund/{version}/returns/search",
     .version = "202309", .records = "/data/return_orders", .key = "return_id",
     .paging = &kReturnsPaging, .incremental = &kBodyWindowExclusive,
     .summary = "Return and refund requests."},
    {.id = "returns.approve", .method = "POST",
     .path = "/return_refund/{version}/returns/{return_id}/approve", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Approve a return."},
    {.id = "returns.reject", .method = "POST",
     .path = "/return_refund/{version}/returns/{return_id}/reject", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Reject a return."},
    {.id = "returns.create", .method = "POST", .path = "/return_refund/{version}/returns",
     .version = "202309", .records = "/data", .key = "return_id", .import = &kIdempotentDecision,
     .summary = "Create a return or refund on a buyer's behalf."},
    {.id = "returns.records", .method = "GET",
     .path = "/return_refund/{version}/returns/{return_id}/records", .version = "202309",
     .records = "/data/records", .summary = "The history of one return."},
    {.id = "returns.reject_reasons", .method = "GET",
     .path = "/return_refund/{version}/reject_reasons",
     .version = "202309", .records = "/data/reasons", .key = "name",
     .summary = "Reasons a return or cancellation may be rejected with."},
    {.id = "refunds.calculate", .method = "POST",
     .path = "/return_refund/{version}/refunds/calculate", .version = "202309",
     .records = "/data", .summary = "What a refund would pay back."},
    {.id = "orders.aftersale_eligibility", .method = "GET",
     .path = "/return_refund/{version}/orders/{order_id}/aftersale_eligibility",
     .version = "202512", .records = "/data",
     .summary = "Which after-sale requests an order's lines allow.",
     .served = {{{"202309", ""}, {"202512", ""}}}},
    {.id = "cancellations.search", .method = "POST",
     .path = "/return_refund/{version}/cancellations/search", .version = "202309",
     .records = "/data/cancellations", .key = "cancel_id", .paging = &kPage50,
     .incremental = &kBodyWindowExclusive, .summary = "Cancellation requests."},
    {.id = "cancellations.create", .method = "POST",
     .path = "/return_refund/{version}/cancellations",
     .version = "202309", .records = "/data", .key = "cancel_id", .import = &kWrite,
     .summary = "Cancel an order as the seller (body order_id, cancel_reason)."},
    {.id = "cancellations.approve", .method = "POST",
     .path = "/return_refund/{version}/cancellations/{cancel_id}/approve", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Approve a cancellation."},
    {.id = "cancellations.reject", .method = "POST",
     .path = "/return_refund/{version}/cancellations/{cancel_id}/reject", .version = "202309",
     .import = &kIdempotentDecision, .summary = "Reject a cancellation."},
};

}  // namespace

std::span<const EndpointSpec> return_refund_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
