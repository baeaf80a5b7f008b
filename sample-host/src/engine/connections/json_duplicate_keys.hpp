// json_duplicate_keys.hpp: finds keys that an object repeats. JSON leaves the meaning of
// {"a": 1, "a": 2} open (simdjson keeps both and answers lookups with the first; other readers
// take the last), so a manifest that repeats a key says two things at once and is refused.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

namespace host::engine {

// The JSON pointer of every member whose key repeats an earlier key of the same object, anywhere
// in `root` (nested objects and arrays included), in document order. Empty when none repeats.
std::vector<std::string> duplicate_key_pointers(simdjson::dom::element root);

}  // namespace host::engine
