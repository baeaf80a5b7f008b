#include "loader/api_table_check.hpp"

#include <string>

namespace host::loader {
namespace {

constexpr size_t kAbiMajorEnd =
    offsetof(cnx_connector_api, abi_major) + sizeof(cnx_connector_api::abi_major);

// One slot of the function table: its field name and whether the connector filled it.
struct Slot {
  const char* name;
  bool filled;
};
// An operation whose output needs a particular release function.
struct OutputRelease {
  Slot operation;
  Slot release;
};

}  // namespace

std::optional<std::string> check_api_table(const cnx_connector_api& table,
                                           std::string_view manifest_id) {
  const std::string who = "connector " + std::string(manifest_id);
  if (table.struct_size < kAbiMajorEnd) {
    return who + ": function table struct_size " + std::to_string(table.struct_size) +
           " is too small to hold even its ABI version";
  }
  if (table.abi_major != CNX_ABI_MAJOR) {
    return who + " speaks ABI major " + std::to_string(table.abi_major) + "; this host speaks " +
           std::to_string(CNX_ABI_MAJOR);
  }
  if (table.struct_size < kAbi1TableSize) {
    return who + ": function table struct_size " + std::to_string(table.struct_size) +
           " is smaller than the " + std::to_string(kAbi1TableSize) + " bytes of an ABI 1.0 table";
  }
  if (table.connector_id == nullptr) return who + ": function table has no connector_id";
  if (table.connector_version == nullptr) {
    return who + ": function table has no connector_version";
  }

  // The slot `field` of `table`, named by the field itself so that a message cannot name another
  // slot than the one checked.
#define TABLE_SLOT(field) \
  Slot { #field, table.field != nullptr }
  const Slot required[] = {
      TABLE_SLOT(describe),   TABLE_SLOT(connection_open), TABLE_SLOT(connection_close),
      TABLE_SLOT(free_error), TABLE_SLOT(free_buffer),
  };
  for (const Slot& slot : required) {
    if (!slot.filled) return who + ": function table lacks the required function " + slot.name;
  }

  // Optional operations may be NULL ("unsupported"), but one that is there must have a way to
  // release what it returns. (Buffers are covered by the required free_buffer.)
  const OutputRelease pairs[] = {
      {TABLE_SLOT(parse_callback), TABLE_SLOT(free_callback_result)},
      {TABLE_SLOT(token_request), TABLE_SLOT(free_http_request)},
      {TABLE_SLOT(sign_request), TABLE_SLOT(free_http_request)},
      {TABLE_SLOT(parse_token_response), TABLE_SLOT(free_token_set)},
      {TABLE_SLOT(classify_response), TABLE_SLOT(free_classification)},
      {TABLE_SLOT(verify_webhook), TABLE_SLOT(free_webhook_event)},
  };
  for (const auto& [operation, release] : pairs) {
    if (operation.filled && !release.filled) {
      return who + ": function table has " + operation.name + " but lacks " + release.name +
             " to release its output";
    }
  }
#undef TABLE_SLOT

  if (std::string_view(table.connector_id) != manifest_id) {
    return who + ": the library identifies itself as connector '" +
           std::string(table.connector_id) + "'";
  }
  return std::nullopt;
}

}  // namespace host::loader
