// engine_orders_search.hpp: an orders.search endpoint as a connector describes it (POST, keyed by
// id, paged, incremental on update_time), and how a test reads the window a request asked for.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "engine/flows/export/export_runner.hpp"

namespace host::engine::testing {

// An endpoint `id` called with POST; each test endpoint adds what its connector says beyond that.
inline EndpointSpec post_endpoint(std::string id) {
  EndpointSpec e;
  e.id = std::move(id);
  e.method = "POST";
  return e;
}

inline EndpointSpec orders_search_endpoint() {
  EndpointSpec e = post_endpoint("orders.search");
  e.key = "id";
  e.paging = PagingSpec{};
  IncrementalSpec inc;
  inc.update = WindowFields{"update_time_ge", "update_time_lt", false};
  e.incremental = inc;
  return e;
}

// Reads "update_time_ge" out of the request body the builder made.
inline int64_t window_start(const CallRequest& r) {
  const auto pos = r.body.find("\"update_time_ge\":");
  return std::stoll(r.body.substr(pos + 17));
}

}  // namespace host::engine::testing
