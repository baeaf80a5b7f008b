// orders_handlers.cpp: order search and order detail.
#include "endpoint_handlers.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

constexpr std::size_t kMaxOrderIds = 50;

std::vector<std::string> split_ids(const std::string& joined) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start <= joined.size()) {
    const size_t comma = joined.find(',', start);
    const size_t end = comma == std::string::npos ? joined.size() : comma;
    if (end > start) ids.push_back(joined.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ids;
}

}  // namespace

ApiResponse handle_orders_search(HandlerContext& ctx) {
  auto parsed = JsonBody::parse(ctx.request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  const JsonBody& body = std::get<JsonBody>(parsed);

  const std::string* sort_field = ctx.request.query_value("sort_field");
  const std::string field = sort_field ? *sort_field : "create_time";
  if (field != "create_time" && field != "update_time")
    return failure(400, codes::kInvalidParameter, "sort_field must be create_time or update_time");
  const auto desc = sort_descending(ctx.request, true);
  if (!desc) return failure(400, codes::kInvalidParameter, "sort_order must be ASC or DESC");

  const TimeRange created = body_range(body, "create_time");
  const TimeRange updated = body_range(body, "update_time");
  const std::string status = body.string_field("order_status").value_or("");
  const bool by_update = field == "update_time";
  const std::string identity = created.describe() + "|" + updated.describe() + "|" + status + "|" +
                               field + "|" + (*desc ? "DESC" : "ASC");
  return run_search(
      ctx, ctx.shop->orders, PageLimits{1, 100, 0}, identity,
      [&](const Order& o) {
        return created.contains(o.create_time) && updated.contains(o.update_time) &&
               (status.empty() || o.status == status);
      },
      [&](const Order& a, const Order& b) {
        const auto ka = by_update ? a.update_time : a.create_time;
        const auto kb = by_update ? b.update_time : b.create_time;
        if (ka != kb) return *desc ? ka > kb : ka < kb;
        return *desc ? a.id > b.id : a.id < b.id;
      },
      "orders", [](jsonw::Writer& w, const Order& o) { write_order(w, o); });
}

ApiResponse handle_orders_get(HandlerContext& ctx) {
  const std::string* joined = ctx.request.query_value("ids");
  const auto ids = joined ? split_ids(*joined) : std::vector<std::string>{};
  if (ids.empty()) return failure(400, codes::kInvalidParameter, "ids is required");
  if (ids.size() > kMaxOrderIds)
    return failure(400, codes::kInvalidParameter, "At most 50 order ids per request");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("orders").begin_array();
  for (const auto& id : ids)
    if (const Order* o = ctx.shop->find_order(id)) write_order(w, *o);
  w.end_array().end_object();
  return success(data);
}

}  // namespace sandbox
