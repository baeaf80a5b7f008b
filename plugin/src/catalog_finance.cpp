// Finance endpoints: statements, transactions, unsettled orders, payments, withdrawals
// (API_SOURCES.md "finance"). Their sort_field is required and fixed.
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("statements.list", "/finance/{version}/statements", "202309", "Settlement statements.",
        records("/data/statements", "id"), fixed_query({"sort_field", "statement_time"}),
        paged(kPage100), windowed(kStatementsWindow)),
    // 202501 requires sort_field=order_create_time and answers data.transactions (202309 answered
    // data.statement_transactions).
    get("statements.transactions",
        "/finance/{version}/statements/{statement_id}/statement_transactions", "202501",
        "Transactions of one statement.", records("/data/transactions", "id"),
        fixed_query({"sort_field", "order_create_time"}), paged(kPage100),
        served({"202309", ""}, {"202501", ""})),
    get("orders.statement_transactions",
        "/finance/{version}/orders/{order_id}/statement_transactions", "202501",
        "Settlement of one order, per SKU (data.sku_transactions).", records("/data", "order_id"),
        served({"202309", ""}, {"202501", ""})),
    get("finance.unsettled", "/finance/{version}/orders/unsettled", "202507",
        "Orders not settled yet (estimated amounts).", records("/data/transactions", "order_id"),
        fixed_query({"sort_field", "order_create_time"}), paged(kPage100),
        windowed(kUnsettledWindow)),
    // TikTok shut 202309 off on 2026-08-15 (changelog); 202605 is current.
    get("payments.list", "/finance/{version}/payments", "202605", "Payments to the seller.",
        records("/data/payments", "id"), fixed_query({"sort_field", "create_time"}),
        paged(kPage100), windowed(kQueryCreateWindow),
        served({"202309", "2026-08-15"}, {"202605", ""})),
    get("withdrawals.list", "/finance/{version}/withdrawals", "202309",
        "Withdrawals, settlements and transfers.", records("/data/withdrawals", "id"),
        fixed_query({"types", "WITHDRAW,SETTLE,TRANSFER,REVERSE"}), paged(kPage100),
        windowed(kQueryCreateWindow)),
};

}  // namespace

std::span<const EndpointSpec> finance_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
