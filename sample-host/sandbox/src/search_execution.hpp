// search_execution.hpp: the shape every search endpoint shares: filter, order, page, answer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "handler_context.hpp"
#include "json_body.hpp"
#include "paging.hpp"

namespace sandbox {

// Time filters as TikTok names them: <field>_ge, <field>_lt and (products) <field>_le.
struct TimeRange {
  std::optional<std::int64_t> ge, lt, le;

  bool contains(std::int64_t t) const {
    return (!ge || t >= *ge) && (!lt || t < *lt) && (!le || t <= *le);
  }
  // A stable text for the page-token fingerprint.
  std::string describe() const {
    auto part = [](const std::optional<std::int64_t>& v) {
      return v ? std::to_string(*v) : std::string("-");
    };
    return part(ge) + "," + part(lt) + "," + part(le);
  }
};

// Reads <field>_ge/_lt/_le from a JSON body.
inline TimeRange body_range(const JsonBody& body, const std::string& field) {
  return {body.int_field(field + "_ge"), body.int_field(field + "_lt"),
          body.int_field(field + "_le")};
}

// Runs a search over `records`: keeps those `keep` accepts, sorts them with `before`, pages
// with `limits` and writes them under `array_key` with `write`. `identity` must describe the
// filters and ordering; the endpoint and shop are added here. `cap` limits how deep paging goes.
// Returns the data object's JSON, or the error answer.
template <typename Record, typename Keep, typename Before, typename Write>
std::variant<std::string, ApiResponse> search_page(
    HandlerContext& ctx, std::vector<Record>& records, PageLimits limits,
    const std::string& identity, Keep keep, Before before, std::string_view array_key, Write write,
    std::size_t cap = std::numeric_limits<std::size_t>::max()) {
  const std::string full_identity =
      ctx.request.path + "|" + (ctx.shop ? ctx.shop->info.id : std::string()) + "|" + identity;
  auto page = read_page(ctx.request, limits, full_identity);
  if (auto* error = std::get_if<ApiResponse>(&page)) return std::move(*error);
  std::vector<Record*> matches;
  for (auto& r : records)
    if (keep(r)) matches.push_back(&r);
  std::stable_sort(matches.begin(), matches.end(),
                   [&](const Record* a, const Record* b) { return before(*a, *b); });
  const std::size_t available = std::min(cap, matches.size());
  return page_json(array_key, matches, std::get<PageWindow>(page), available, write);
}

// The order TikTok's lists answer in: by `time`, ties broken by id, oldest first unless
// `descending`. A `before` for search_page.
template <typename Record>
auto by_time_then_id(std::int64_t Record::*time, bool descending) {
  return [time, descending](const Record& a, const Record& b) {
    if (a.*time != b.*time) return descending ? a.*time > b.*time : a.*time < b.*time;
    return descending ? a.id > b.id : a.id < b.id;
  };
}

// search_page answered as a success envelope.
template <typename Record, typename Keep, typename Before, typename Write>
ApiResponse run_search(HandlerContext& ctx, std::vector<Record>& records, PageLimits limits,
                       const std::string& identity, Keep keep, Before before,
                       std::string_view array_key, Write write,
                       std::size_t cap = std::numeric_limits<std::size_t>::max()) {
  auto data = search_page(ctx, records, limits, identity, keep, before, array_key, write, cap);
  if (auto* error = std::get_if<ApiResponse>(&data)) return std::move(*error);
  return success(std::get<std::string>(data));
}

// `object` ("{...}") with the members of `more` ("{...}") appended.
inline std::string append_members(const std::string& object, const std::string& more) {
  if (more.size() <= 2) return object;
  const bool empty = object.size() <= 2;
  return object.substr(0, object.size() - 1) + (empty ? "" : ",") + more.substr(1);
}

// Sort direction from the query's sort_order (ASC|DESC, default `default_desc`). nullopt if the
// value is neither.
inline std::optional<bool> sort_descending(const ApiRequest& request, bool default_desc) {
  const std::string* order = request.query_value("sort_order");
  if (!order) return default_desc;
  if (*order == "ASC") return false;
  if (*order == "DESC") return true;
  return std::nullopt;
}

}  // namespace sandbox
