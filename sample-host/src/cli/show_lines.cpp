#include "cli/show_lines.hpp"

#include <simdjson.h>
#include <text_codec/secret_mask.hpp>

namespace host::cli {
namespace {

// The column the values start at ("connector:" and the longest labels fit before it).
constexpr size_t kValueColumn = 21;

}  // namespace

void print_field(std::ostream& out, std::string_view label, std::string_view value) {
  std::string left = std::string(label) + ":";
  if (left.size() + 1 < kValueColumn) left.resize(kValueColumn - 1, ' ');
  out << left << " " << value << "\n";
}

void print_secret_field(std::ostream& out, std::string_view label) {
  print_field(out, label, std::string(textcodec::kSecretMask) + " (stored encrypted; write-only)");
}

void print_json_fields(std::ostream& out, std::string_view object_json) {
  simdjson::dom::parser parser;
  simdjson::dom::object fields;
  if (parser.parse(object_json.data(), object_json.size()).get_object().get(fields) !=
      simdjson::SUCCESS) {
    return;
  }
  for (auto [key, value] : fields) {
    std::string_view text;
    print_field(out, key,
                value.get_string().get(text) == simdjson::SUCCESS ? std::string(text)
                                                                  : simdjson::minify(value));
  }
}

std::string comma_separated(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace host::cli
