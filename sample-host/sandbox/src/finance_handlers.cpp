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

}  // namespace

ApiResponse handle_statements(HandlerContext& ctx) {
  const std::string* sort_field = ctx.request.query_value("sort_field");
  if (!sort_field || *sort_field != "statement_time")
    return failure(400, codes::kInvalidParameter, "sort_field is required: statement_time");
  TimeRange range;
  if (!query_int(ctx.request, "statement_time_ge", &range.ge) ||
      !query_int(ctx.request, "statement_time_lt", &range.lt))
    return failure(400, codes::kInvalidParameter, "statement_time_ge/lt must be unix seconds");
  const auto desc = sort_descending(ctx.request, true);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  const std::string* payment_status = ctx.request.query_value("payment_status");
  const std::string status = payment_status ? *payment_status : "";
  const std::string identity = range.describe() + "|" + status + (*desc ? "|D" : "|A");
  return run_search(
      ctx, ctx.shop->statements, PageLimits{1, 100, 20}, identity,
      [&](const Statement& s) {
        return range.contains(s.statement_time) && (status.empty() || s.payment_status == status);
      },
      [&](const Statement& a, const Statement& b) {
        if (a.statement_time != b.statement_time)
          return *desc ? a.statement_time > b.statement_time : a.statement_time < b.statement_time;
        return *desc ? a.id > b.id : a.id < b.id;
      },
      "statements", [](jsonw::Writer& w, const Statement& s) { write_statement(w, s); });
}

ApiResponse handle_statement_transactions(HandlerContext& ctx) {
  Statement* statement = nullptr;
  for (auto& s : ctx.shop->statements)
    if (s.id == ctx.path_params[0]) statement = &s;
  if (!statement) return failure(404, codes::kResourceNotFound, "Statement does not exist");
  const auto desc = sort_descending(ctx.request, false);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");
  return run_search(
      ctx, statement->transactions, PageLimits{1, 100, 20}, *desc ? "D" : "A",
      [](const StatementTransaction&) { return true; },
      [&](const StatementTransaction& a, const StatementTransaction& b) {
        if (a.order_create_time != b.order_create_time)
          return *desc ? a.order_create_time > b.order_create_time
                       : a.order_create_time < b.order_create_time;
        return *desc ? a.id > b.id : a.id < b.id;
      },
      "statement_transactions",
      [](jsonw::Writer& w, const StatementTransaction& t) { write_transaction(w, t); });
}

}  // namespace sandbox
