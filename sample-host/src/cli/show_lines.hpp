// show_lines.hpp: the "label: value" layout of the `show` verbs (oauth-client, connection), so that
// both print their fields, and their write-only secrets, in one column.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace host::cli {

// "label:" padded to the value column, then the value.
void print_field(std::ostream& out, std::string_view label, std::string_view value);

// A secret field: its name and that it is stored encrypted, never its value.
void print_secret_field(std::ostream& out, std::string_view label);

// Each member of a JSON object as a field (strings unquoted, other values as minified JSON).
// Nothing is printed when `object_json` is not an object.
void print_json_fields(std::ostream& out, std::string_view object_json);

// "a, b, c" (empty for no items).
std::string comma_separated(const std::vector<std::string>& items);

}  // namespace host::cli
