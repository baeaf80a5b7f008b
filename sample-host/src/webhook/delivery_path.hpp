// delivery_path.hpp: the path a listener takes a connector's webhook deliveries on when it is not
// told one (listen --path). The connector names it in its describe document
// ("webhooks": {"delivery_path": "/..."}, host-api/DESCRIBE.md); for a connector that does not,
// the host makes one from the connector id, so that two connectors never share a path by default.
#pragma once

#include <string>
#include <string_view>

namespace host::webhook {

// describe's webhooks.delivery_path when it is a string that starts with '/'; otherwise (absent,
// another type, a relative path, a describe document that is not JSON) "/webhooks/<connector_id>".
// Never throws for bad input.
std::string default_delivery_path(std::string_view connector_id, std::string_view describe_json);

}  // namespace host::webhook
