// catalog_specs.hpp: paging, window and import rules shared by the catalog's family files.
//
// Inline constexpr, so every family file points at the same object and the describe document
// renders each rule once per endpoint that uses it.
#pragma once

#include <span>

#include "catalog.hpp"

namespace tts::catalog {

inline constexpr PagingSpec kPage100{};
inline constexpr PagingSpec kPage50{.min_size = 1, .max_size = 50, .default_size = 50};
// Returns search takes 10..50 per the API facts; the host clamps into this range.
inline constexpr PagingSpec kReturnsPaging{.min_size = 10, .max_size = 50, .default_size = 50};
// Product search stops at 10,000 results whatever the paging says.
inline constexpr PagingSpec kProductsPaging{.max_results = 10000};

inline constexpr IncrementalSpec kBodyWindowExclusive{
    .location = "body",
    .update = {"update_time_ge", "update_time_lt", false},
    .create = {"create_time_ge", "create_time_lt", false},
    .cursor_field = "update_time"};
// Products use _le: the upper bound is inclusive, so a host must not re-read the boundary second.
inline constexpr IncrementalSpec kProductsWindow{
    .location = "body",
    .update = {"update_time_ge", "update_time_le", true},
    .create = {"create_time_ge", "create_time_le", true},
    .cursor_field = "update_time"};
inline constexpr IncrementalSpec kStatementsWindow{
    .location = "query",
    .update = {},
    .create = {"statement_time_ge", "statement_time_lt", false},
    .cursor_field = "statement_time"};
// Payments and withdrawals filter on their creation time, in the query.
inline constexpr IncrementalSpec kQueryCreateWindow{
    .location = "query",
    .update = {},
    .create = {"create_time_ge", "create_time_lt", false},
    .cursor_field = "create_time"};
inline constexpr IncrementalSpec kUnsettledWindow{
    .location = "query",
    .update = {},
    .create = {"search_time_ge", "search_time_lt", false},
    .cursor_field = "order_create_time"};

inline constexpr ImportSpec kWrite{};
inline constexpr ImportSpec kWriteWithItemErrors{.item_errors = "/data/errors"};
inline constexpr ImportSpec kIdempotentDecision{.idempotency_param = "idempotency_key",
                                                .idempotency_max_len = 255};
// Create Product takes idempotency_key in the JSON body: a retried create with the same key does
// not list the product twice. Its length limit is not stated; 255 as on the return_refund calls.
inline constexpr ImportSpec kBodyIdempotentCreate{.idempotency_param = "idempotency_key",
                                                  .idempotency_location = "body",
                                                  .idempotency_max_len = 255};

// Each family's endpoints, in a stable order. endpoints() concatenates them.
std::span<const EndpointSpec> seller_endpoints();
std::span<const EndpointSpec> order_endpoints();
std::span<const EndpointSpec> product_endpoints();
std::span<const EndpointSpec> global_product_endpoints();
std::span<const EndpointSpec> fulfillment_endpoints();
std::span<const EndpointSpec> logistics_endpoints();
std::span<const EndpointSpec> finance_endpoints();
std::span<const EndpointSpec> return_refund_endpoints();
std::span<const EndpointSpec> event_endpoints();

}  // namespace tts::catalog
