// Finance endpoints: statements, transactions, unsettled orders, payments, withdrawals
// (API_SOURCES.md "finance"). Their sort_field is required and fixed.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("statements.list", "/finance/{version}/statements", "202309")
        .records("/data/statements", "id")
        .fixed_query({"sort_field", "statement_time"})
        .paged(kPage100)
        .windowed(kStatementsWindow)
        .about("Settlement statements."),
    // 202501 requires sort_field=order_create_time and answers data.transactions (202309 answered
    // data.statement_transactions).
    get("statements.transactions",
        "/finance/{version}/statements/{statement_id}/statement_transactions", "202501")
        .records("/data/transactions", "id")
        .fixed_query({"sort_field", "order_create_time"})
        .paged(kPage100)
        .served({"202309", ""}, {"202501", ""})
        .about("Transactions of one statement."),
    get("orders.statement_transactions",
        "/finance/{version}/orders/{order_id}/statement_transactions", "202501")
        .records("/data", "order_id")
        .served({"202309", ""}, {"202501", ""})
        .about("Settlement of one order, per SKU (data.sku_transactions)."),
    get("finance.unsettled", "/finance/{version}/orders/unsettled", "202507")
        .records("/data/transactions", "order_id")
        .fixed_query({"sort_field", "order_create_time"})
        .paged(kPage100)
        .windowed(kUnsettledWindow)
        .about("Orders not settled yet (estimated amounts)."),
    // TikTok shut 202309 off on 2026-08-15 (changelog); 202605 is current.
    get("payments.list", "/finance/{version}/payments", "202605")
        .records("/data/payments", "id")
        .fixed_query({"sort_field", "create_time"})
        .paged(kPage100)
        .windowed(kQueryCreateWindow)
        .served({"202309", "2026-08-15"}, {"202605", ""})
        .about("Payments to the seller."),
    get("withdrawals.list", "/finance/{version}/withdrawals", "202309")
        .records("/data/withdrawals", "id")
        .fixed_query({"types", "WITHDRAW,SETTLE,TRANSFER,REVERSE"})
        .paged(kPage100)
        .windowed(kQueryCreateWindow)
        .about("Withdrawals, settlements and transfers."),
};

}  // namespace

std::span<const EndpointSpec> finance_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
