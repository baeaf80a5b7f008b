// connector_description.hpp: asks a loaded connector to describe itself, and checks the answer.
#pragma once

#include <string>

#include "loader/connector_loader.hpp"

namespace host::loader {

// The describe document exactly as the plugin returned it, or why there is none.
struct DescribeOutcome {
  std::string json;   // the plugin's bytes, unchanged; empty on failure
  std::string error;  // empty on success; else a sentence naming the connector and the cause
  bool ok() const { return error.empty(); }
};

// Calls the table's describe, copies the document out and releases the plugin's buffer, then
// checks with simdjson that it is one well-formed JSON object. Never throws.
// ERRORS: "connector X: describe failed: <STATUS>: <plugin message>" when the plugin reports a
// failure (an exception inside the plugin comes back as INTERNAL through its catch-all);
// "connector X returned malformed JSON from describe: <simdjson error>" for bad output.
// THREADING: any thread (the ABI makes describe thread-safe).
DescribeOutcome describe_connector(const LoadedConnector& connector);

}  // namespace host::loader
