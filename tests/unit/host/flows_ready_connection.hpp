// flows_ready_connection.hpp: what the flow-run API tests hand run_flow_on(): a catalog of an
// orders export and an inventory import, and a connection made ready on a fake caller.
#pragma once

#include <filesystem>
#include <string>

#include "engine/flows/run/flow_run.hpp"
#include "engine_orders_search.hpp"

namespace host::engine::testing {

// products.inventory.update as a connector describes it: POST, one record per call, keyed by
// the product in its path.
inline EndpointSpec inventory_update_endpoint() {
  EndpointSpec e = post_endpoint("products.inventory.update");
  e.path_params = {"product_id"};
  e.import = ImportSpec{};
  return e;
}

// Resources "orders" (exported by orders.search) and "inventory" (imported by
// products.inventory.update).
inline FlowCatalog orders_and_inventory_catalog() {
  FlowCatalog c;
  c.resources.push_back({"orders", "orders.search", std::nullopt, {}});
  c.resources.push_back({"inventory", "", std::nullopt, {"products.inventory.update"}});
  c.endpoints = {orders_search_endpoint(), inventory_update_endpoint()};
  return c;
}

// A run of flow RESOURCE (named after its resource) of connection "main", its state in `dir`.
inline FlowRunRequest flow_request(const std::filesystem::path& dir, FlowKind kind,
                                   const std::string& resource) {
  FlowRunRequest r;
  r.flow.file = dir / (resource + ".flow.json");
  r.flow.name = resource;
  r.flow.kind = kind;
  r.flow.connection = "main";
  r.flow.resource = resource;
  r.paths.state_dir = dir;
  return r;
}

// A connection ready for run_flow_on(): `catalog` and `caller` borrowed, scope 7001 with
// credential "cipher".
inline FlowConnection ready_connection(const FlowCatalog& catalog, RemoteCaller& caller) {
  FlowConnection c;
  c.catalog = &catalog;
  c.caller = &caller;
  c.credential = "cipher";
  c.scope_id = "7001";
  return c;
}

}  // namespace host::engine::testing
