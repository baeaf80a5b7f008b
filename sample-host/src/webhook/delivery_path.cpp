#include "webhook/delivery_path.hpp"

#include <simdjson.h>

namespace host::webhook {

std::string default_delivery_path(std::string_view connector_id, std::string_view describe_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  std::string_view declared;
  if (parser.parse(describe_json.data(), describe_json.size()).get(document) == simdjson::SUCCESS &&
      document.at_pointer("/webhooks/delivery_path").get(declared) == simdjson::SUCCESS &&
      declared.starts_with('/')) {
    return std::string(declared);
  }
  return "/webhooks/" + std::string(connector_id);
}

}  // namespace host::webhook
