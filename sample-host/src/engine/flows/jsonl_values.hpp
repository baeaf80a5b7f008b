// jsonl_values.hpp: small conversions between JSON values and the engine's lines and keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace host::engine {

// Appends `json` minified (insignificant whitespace removed, bytes otherwise unchanged) and a
// newline to `out`. Returns false, appending nothing, when `json` is not minifiable JSON.
bool append_minified_line(std::string_view json, std::string& out);

// The text of a JSON scalar: a string's decoded value, a number's or boolean's literal. nullopt
// for objects, arrays, null and malformed input. Used for record keys and idempotency keys.
std::optional<std::string> json_scalar_text(std::string_view json);

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace host::engine
