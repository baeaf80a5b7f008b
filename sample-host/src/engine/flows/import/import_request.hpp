// import_request.hpp: one import record -> its ledger key and the request that writes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/flow_catalog.hpp"

namespace host::engine {

struct ImportRecordPlan {
  std::string error;            // non-empty: the record cannot be sent (and why)
  std::string idempotency_key;  // the ledger key
  CallRequest request;
};

// Reads `record` (one JSON object): its idempotency key (the value at `key_pointer`, or the
// SHA-256 of the record's bytes when the pointer is empty), its path parameters (top-level
// fields named in the endpoint's path_params, which are then left out of the body), and the
// body (the rest, per the endpoint's import spec). When the endpoint takes an idempotency key,
// the ledger key (cut to the endpoint's max length) goes into its query parameter.
// Never throws; problems come back in `error`.
ImportRecordPlan plan_import_record(const EndpointSpec& endpoint, std::string_view record,
                                    const std::string& key_pointer,
                                    const std::string& scope_credential);

}  // namespace host::engine
