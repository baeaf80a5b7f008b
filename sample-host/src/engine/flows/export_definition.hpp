// export_definition.hpp: what an export's cursor means, so that a cursor is never applied to an
// export it was not made for.
//
// A cursor says "every record of THIS query up to time T is in the output". The query is the
// connection, the shop (by its id, however the manifest names it), the resource and its export
// endpoint, the filters, and the window field (update or create time). Another shop, filter or
// field has its own records before T, which a carried-over cursor would skip: "exported 0
// records" while records exist. Page size, concurrency, rate and the window's start, lag and
// slice length change how the query is run, not what it selects, and are left out.
//
// An import's ledger rows are bound the same way, to the target its writes went to (connection,
// shop, resource, endpoint): a record applied to one shop is not applied to another, so the
// ledger must not answer "already applied" for it there.
#pragma once

#include <string>

#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::engine {

// The definition as canonical JSON (members in a fixed order, filters minified as written).
// `shop_id` is the authorized shop's id the manifest's shop resolved to.
std::string export_definition(const FlowManifest& flow, const EndpointSpec& endpoint,
                              const std::string& shop_id);

// The target an import's ledger rows are bound to, as canonical JSON (the first four members of
// an export's definition).
std::string import_target(const FlowManifest& flow, const EndpointSpec& endpoint,
                          const std::string& shop_id);

// What differs between two definitions (or two import targets), for a person: e.g.
// `shop "7001" -> "7002"; filters changed`. Empty when they are equal. Filter values are not
// printed (they may be long).
std::string describe_definition_change(const std::string& stored, const std::string& current);

}  // namespace host::engine
