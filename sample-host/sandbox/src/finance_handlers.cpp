// finance_handlers.cpp: statements and statement transactions (filters in the query string).
#include <charconv>

#include "endpoint_handlers.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

// Reads an optional integer query parameter; false when present but not a number.
bool query_int(const ApiRequest& request, std::string_view key, std::optional<std::int64_t>* out) {
  const std::string* text = request.query_value(key);
  if (!text) return true;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size()) return false;
  *out = n;
  return true;
}

// What every finance list reads from its query first.
struct ListQuery {
  TimeRange range;  // <window>_ge / <window>_lt
  bool descending = false;
};

// sort_field must be `sort_field` (TikTok requires it); the window `window`_ge / `window`_lt is
// optional, in unix seconds (`window` empty: the list has none); sort_order is ASC or DESC
// (`descending_by_default` when absent). Returns the answer to send when one is wrong.
std::optional<ApiResponse> read_list_query(const ApiRequest& request, std::string_view sort_field,
                                           std::string_view window, bool descending_by_default,
                                           ListQuery* out) {
  const std::string* sort = request.query_value("sort_field");
  if (!sort || *sort != sort_field)
    return failure(400, codes::kInvalidParameter,
                   "sort_field is required: " + std::string(sort_field));
  const std::string w(window);
  if (!w.empty() && (!query_int(request, w + "_ge", &out->range.ge) ||
                     !query_int(request, w + "_lt", &out->range.lt)))
    return failure(400, codes::kInvalidParameter, w + "_ge/lt must be unix seconds");
  const auto desc = sort_descending(request, descending_by_default);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  out->descending = *desc;
  return std::nullopt;
}

// Finance lists page 20 records by default, up to 100.
constexpr PageLimits kFinancePages{1, 100, 20};

// Searches a windowed finance list: the records `keep` accepts whose `time` lies in the query's
// window, ordered by `time` (ties by id). `filters` names what else `keep` filters on, for the
// page token's fingerprint.
template <typename Record, typename Keep, typename Write>
ApiResponse search_window(HandlerContext& ctx, std::vector<Record>& records, const ListQuery& query,
                          std::int64_t Record::*time, const std::string& filters, Keep keep,
                          std::string_view array_key, Write write) {
  return run_search(
      ctx, records, kFinancePages,
      query.range.describe() + filters + (query.descending ? "|D" : "|A"),
      [&](const Record& r) { return query.range.contains(r.*time) && keep(r); },
      by_time_then_id(time, query.descending), array_key, write);
}

}  // namespace

ApiResponse handle_statements(HandlerContext& ctx) {
  ListQuery query;
  if (auto error = read_list_query(ctx.request, "statement_time", "statement_time", true, &query))
    return *error;
  const std::string* payment_status = ctx.request.query_value("payment_status");
  const std::string status = payment_status ? *payment_status : "";
  return search_window(
      ctx, ctx.shop->statements, query, &Statement::statement_time, "|" + status,
      [&](const Statement& s) { return status.empty() || s.payment_status == status; },
      "statements", [](jsonw::Writer& w, const Statement& s) { write_statement(w, s); });
}

// Get Transactions by Statement 202501: sort_field=order_create_time is required, sort_order
// defaults to ASC, page_size 1-100 (default 20); the statement's totals sit beside
// data.transactions (202309 answered data.statement_transactions; that version is retired).
ApiResponse handle_statement_transactions(HandlerContext& ctx) {
  Statement* statement = nullptr;
  for (auto& s : ctx.shop->statements)
    if (s.id == ctx.path_params[0]) statement = &s;
  if (!statement) return failure(404, codes::kResourceNotFound, "Statement does not exist");
  ListQuery query;
  if (auto error = read_list_query(ctx.request, "order_create_time", "", false, &query))
    return *error;
  auto page = search_page(
      ctx, statement->transactions, kFinancePages, query.descending ? "D" : "A",
      [](const StatementTransaction&) { return true; },
      by_time_then_id(&StatementTransaction::order_create_time, query.descending), "transactions",
      [](jsonw::Writer& w, const StatementTransaction& t) { write_transaction(w, t); });
  if (auto* error = std::get_if<ApiResponse>(&page)) return std::move(*error);
  // The statement's own fields sit beside the page.
  std::string extra;
  jsonw::Writer w(extra);
  w.begin_object().field("id", statement->id).field("currency", statement->currency);
  w.field("create_time", statement->statement_time).field("status", "SETTLED");
  w.field("total_settlement_amount", statement->settlement_amount);
  w.field("payable_amount", statement->settlement_amount).end_object();
  return success(append_members(std::get<std::string>(page), extra));
}

ApiResponse handle_order_transactions(HandlerContext& ctx) {
  const Order* o = ctx.shop->find_order(ctx.path_params[0]);
  if (!o) return failure(404, codes::kResourceNotFound, "Order does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("statement_transactions").begin_array();
  for (const auto& s : ctx.shop->statements)
    for (const auto& t : s.transactions) {
      if (t.order_id != o->id) continue;
      w.begin_object().field("id", t.id).field("statement_id", s.id);
      w.field("currency", s.currency).field("order_create_time", t.order_create_time);
      w.field("revenue_amount", t.revenue_amount).field("fee_tax_amount", t.fee_amount);
      w.field("settlement_amount", t.settlement_amount).end_object();
    }
  w.end_array().field("order_id", o->id).end_object();
  return success(data);
}

// Get Unsettled Transactions 202507: orders paid but not yet settled in a statement.
ApiResponse handle_unsettled_orders(HandlerContext& ctx) {
  ListQuery query;
  if (auto error = read_list_query(ctx.request, "order_create_time", "search_time", false, &query))
    return *error;
  return search_window(
      ctx, ctx.shop->orders, query, &Order::create_time, "",
      [](const Order& o) {
        return o.paid_time != 0 && o.status != "COMPLETED" && o.status != "CANCELLED";
      },
      "transactions",
      [](jsonw::Writer& w, const Order& o) {
        w.begin_object().field("id", o.id).field("order_id", o.id);
        w.field("order_create_time", o.create_time).field("currency", o.currency);
        w.field("est_revenue_amount", o.total_amount).field("est_settlement_amount", o.sub_total);
        w.field("unsettled_reason", "NOT_DELIVERED").end_object();
      });
}

// Get Payments 202605: one payment per paid statement (sort_field=create_time required).
ApiResponse handle_payments(HandlerContext& ctx) {
  ListQuery query;
  if (auto error = read_list_query(ctx.request, "create_time", "create_time", false, &query))
    return *error;
  return search_window(
      ctx, ctx.shop->statements, query, &Statement::statement_time, "",
      [](const Statement& s) { return s.payment_status == "PAID"; }, "payments",
      [](jsonw::Writer& w, const Statement& s) {
        w.begin_object().field("id", s.payment_id).field("create_time", s.statement_time);
        w.field("status", "PAID").field("paid_time", s.statement_time + 86400);
        w.key("amount").begin_object().field("value", s.settlement_amount);
        w.field("currency", s.currency).end_object();
        w.key("settlement_amount").begin_object().field("value", s.settlement_amount);
        w.field("currency", s.currency).end_object();
        w.field("bank_account", "**** 4321").end_object();
      });
}

// Get Withdrawals 202309: the transfers of paid statements to the seller's bank.
ApiResponse handle_withdrawals(HandlerContext& ctx) {
  const std::string* types = ctx.request.query_value("types");
  if (!types || types->empty())
    return failure(400, codes::kInvalidParameter,
                   "types is required (WITHDRAW, SETTLE, TRANSFER, REVERSE)");
  const bool settle = types->find("SETTLE") != std::string::npos;
  return run_search(
      ctx, ctx.shop->statements, kFinancePages, *types,
      [&](const Statement& s) { return settle && s.payment_status == "PAID"; },
      [](const Statement& a, const Statement& b) { return a.statement_time > b.statement_time; },
      "withdrawals",
      [](jsonw::Writer& w, const Statement& s) {
        w.begin_object().field("id", s.payment_id).field("type", "SETTLE");
        w.field("amount", s.settlement_amount).field("currency", s.currency);
        w.field("status", "SUCCESS").field("create_time", s.statement_time).end_object();
      });
}

}  // namespace sandbox
