#include "loader/connector_description.hpp"

#include <simdjson.h>

#include <exception>

namespace host::loader {
namespace {

DescribeOutcome failure(std::string error) { return DescribeOutcome{{}, std::move(error)}; }

}  // namespace

DescribeOutcome describe_connector(const LoadedConnector& connector) {
  const cnx_connector_api& api = connector.api();
  const std::string who = "connector " + connector.manifest().id;
  try {
    cnx_buffer* raw_buffer = nullptr;
    cnx_error* raw_error = nullptr;
    cnx_status code = CNX_STATUS_INTERNAL;
    try {
      code = api.describe(&raw_buffer, &raw_error);
    } catch (...) {
      // Only reachable when a plugin breaks the ABI rule; the plugin's state is unknown now.
      return failure(who + ": describe let an exception escape (the ABI forbids that)");
    }
    cnx::BufferPtr buffer(raw_buffer, cnx::Releaser{&api, nullptr});
    const cnx::Status status = cnx::Status::from_call(api, code, raw_error);
    if (!status.ok()) return failure(who + ": describe failed: " + status.to_string());
    if (!buffer) return failure(who + ": describe reported OK but returned no document");
    if (buffer->struct_size < sizeof(cnx_buffer)) {
      return failure(who + ": describe returned a cnx_buffer with struct_size " +
                     std::to_string(buffer->struct_size));
    }
    std::string json(cnx::to_view(buffer->bytes));
    buffer.reset();

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto err = parser.parse(json).get(doc); err) {
      return failure(who +
                     " returned malformed JSON from describe: " + simdjson::error_message(err));
    }
    if (!doc.is_object()) {
      return failure(who +
                     " returned malformed JSON from describe: the document is not an "
                     "object");
    }
    return DescribeOutcome{std::move(json), {}};
  } catch (const std::exception& e) {
    return failure(who + ": describe could not be read: " + e.what());
  }
}

}  // namespace host::loader
