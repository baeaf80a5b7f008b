#include "engine/connections/json_duplicate_keys.hpp"

#include <string_view>
#include <unordered_set>

#include "engine/connections/connection_manifest_fields.hpp"

namespace host::engine {
namespace {

void collect(simdjson::dom::element value, const std::string& pointer,
             std::vector<std::string>& out) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (value.get_object().get(object) == simdjson::SUCCESS) {
    std::unordered_set<std::string_view> seen;  // views into the parser's document
    for (auto [key, member] : object) {
      const std::string member_pointer = pointer + "/" + pointer_token(key);
      if (!seen.insert(key).second) out.push_back(member_pointer);
      collect(member, member_pointer, out);
    }
  } else if (value.get_array().get(array) == simdjson::SUCCESS) {
    size_t index = 0;
    for (simdjson::dom::element item : array) {
      collect(item, pointer + "/" + std::to_string(index++), out);
    }
  }
}

}  // namespace

std::vector<std::string> duplicate_key_pointers(simdjson::dom::element root) {
  std::vector<std::string> out;
  collect(root, "", out);
  return out;
}

}  // namespace host::engine
