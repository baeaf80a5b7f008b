// Finance endpoints: statements, transactions, unsettled orders, payments, withdrawals
// (API_SOURCES.md "finance"). Their sort_field is required and fixed.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "statements.list",
     .method = "GET",
     .path = "/finance/{version}/statements",
     .version = "202309",
     .records = "/data/statements",
     .key = "id",
     .query = {{{"sort_field", "statement_time"}, {}}},
     .paging = &kPage100,
     .incremental = &kStatementsWindow,
     .summary = "Settlement statements."},
    // 202501 requires sort_field=order_create_time and answers data.transactions (202309 answered
    // data.statement_transactions).
    {.id = "statements.transactions",
     .method = "GET",
     .path = "/finance/{version}/statements/{statement_id}/statement_transactions",
     .version = "202501",
     .records = "/data/transactions",
     .key = "id",
     .query = {{{"sort_field", "order_create_time"}, {}}},
     .paging = &kPage100,
     .summary = "Transactions of one statement.",
     .served = {{{"202309", ""}, {"202501", ""}}}},
    {.id = "orders.statement_transactions",
     .method = "GET",
     .path = "/finance/{version}/orders/{order_id}/statement_transactions",
     .version = "202501",
     .records = "/data",
     .key = "order_id",
     .summary = "Settlement of one order, per SKU (data.sku_transactions).",
     .served = {{{"202309", ""}, {"202501", ""}}}},
    {.id = "finance.unsettled",
     .method = "GET",
     .path = "/finance/{version}/orders/unsettled",
     .version = "202507",
     .records = "/data/transactions",
     .key = "order_id",
     .query = {{{"sort_field", "order_create_time"}, {}}},
     .paging = &kPage100,
     .incremental = &kUnsettledWindow,
     .summary = "Orders not settled yet (estimated amounts)."},
    // TikTok shut 202309 off on 2026-08-15 (changelog); 202605 is current.
    {.id = "payments.list",
     .method = "GET",
     .path = "/finance/{version}/payments",
     .version = "202605",
     .records = "/data/payments",
     .key = "id",
     .query = {{{"sort_field", "create_time"}, {}}},
     .paging = &kPage100,
     .incremental = &kQueryCreateWindow,
     .summary = "Payments to the seller.",
     .served = {{{"202309", "2026-08-15"}, {"202605", ""}}}},
    {.id = "withdrawals.list",
     .method = "GET",
     .path = "/finance/{version}/withdrawals",
     .version = "202309",
     .records = "/data/withdrawals",
     .key = "id",
     .query = {{{"types", "WITHDRAW,SETTLE,TRANSFER,REVERSE"}, {}}},
     .paging = &kPage100,
     .incremental = &kQueryCreateWindow,
     .summary = "Withdrawals, settlements and transfers."},
};

}  // namespace

std::span<const EndpointSpec> finance_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
