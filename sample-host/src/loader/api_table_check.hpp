// api_table_check.hpp: decides whether a connector's function table is one this host can use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <connector_abi/connector_abi.h>

namespace host::loader {

// The size of an ABI 1.0 table: every field this host reads. A plugin built against a later
// minor has a larger table, which is fine; a smaller one is refused.
inline constexpr size_t kAbi1TableSize =
    offsetof(cnx_connector_api, free_webhook_event) + sizeof(cnx_connector_api::free_webhook_event);

// Checks, in this order: struct_size reaches abi_major; abi_major equals CNX_ABI_MAJOR;
// struct_size covers an ABI 1.0 table; connector_id and connector_version are set; the
// functions every host needs are set (describe, connection_open, connection_close, free_error,
// free_buffer); each optional function that is set has its release function; the table's
// connector_id equals `manifest_id`.
// Returns nullopt when usable, else a sentence that names the connector and the cause.
std::optional<std::string> check_api_table(const cnx_connector_api& table,
                                           std::string_view manifest_id);

}  // namespace host::loader
