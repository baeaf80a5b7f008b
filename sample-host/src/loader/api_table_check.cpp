#include "loader/api_table_check.hpp"

#include <string>
#include <utility>

namespace host::loader {
namespace {

constexpr size_t kAbiMajorEnd =
    offsetof(cnx_connector_api, abi_major) + sizeof(cnx_connector_api::abi_major);

// An operation whose output needs a particular release function.
struct OutputRelease {
  const char* operation;
  bool has_operation;
  const char* release;
  bool has_release;
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

  const std::pair<const char*, bool> required[] = {
      {"describe", table.describe != nullptr},
      {"connection_open", table.connection_open != nullptr},
      {"connection_close", table.connection_close != nullptr},
      {"free_error", table.free_error != nullptr},
      {"free_buffer", table.free_buffer != nullptr},
  };
  for (const auto& [name, present] : required) {
    if (!present) return who + ": function table lacks the required function " + name;
  }

  // Optional operations may be NULL ("unsupported"), but one that is there must have a way to
  // release what it returns. (Buffers are covered by the required free_buffer.)
  const OutputRelease pairs[] = {
      {"parse_callback", table.parse_callback != nullptr, "free_callback_result",
       table.free_callback_result != nullptr},
      {"token_request", table.token_request != nullptr, "free_http_request",
       table.free_http_request != nullptr},
      {"sign_request", table.sign_request != nullptr, "free_http_request",
       table.free_http_request != nullptr},
      {"parse_token_response", table.parse_token_response != nullptr, "free_token_set",
       table.free_token_set != nullptr},
      {"classify_response", table.classify_response != nullptr, "free_classification",
       table.free_classification != nullptr},
      {"verify_webhook", table.verify_webhook != nullptr, "free_webhook_event",
       table.free_webhook_event != nullptr},
  };
  for (const auto& p : pairs) {
    if (p.has_operation && !p.has_release) {
      return who + ": function table has " + p.operation + " but lacks " + p.release +
             " to release its output";
    }
  }

  if (std::string_view(table.connector_id) != manifest_id) {
    return who + ": the library identifies itself as connector '" +
           std::string(table.connector_id) + "'";
  }
  return std::nullopt;
}

}  // namespace host::loader
