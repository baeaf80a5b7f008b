// source_streams.hpp: the streams a connector offers a sync platform, read from its describe
// document (resources, their export endpoints and describe's "record_schemas", DESCRIBE.md), and
// the per-stream state both protocols keep: a cursor per shop.
//
// One stream per resource whose export endpoint is shop-scoped. Each record carries the shop it
// came from in kShopField, which leads the primary key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace host::sync {

inline constexpr std::string_view kShopField = "_shop_id";

struct SourceStream {
  std::string name;                      // the resource id
  std::string schema_json;               // the record schema with kShopField added
  std::vector<std::string> primary_key;  // kShopField, then the resource's key
  std::string cursor_field;              // empty: full refresh only
  bool incremental() const { return !cursor_field.empty(); }
};

// ERRORS: throws std::runtime_error naming what in the document is malformed.
std::vector<SourceStream> read_source_streams(std::string_view describe_json);

// The streams named `name`, or nullptr.
const SourceStream* find_stream(const std::vector<SourceStream>& streams, std::string_view name);

// A stream's position: the export cursor (unix seconds) reached per shop id.
using ShopCursors = std::map<std::string, int64_t>;

// {"cursors": {"<shop id>": <cursor>, ...}}: the stream state of an Airbyte STREAM state and of a
// Singer bookmark.
std::string stream_state_json(const ShopCursors& cursors);

// Reads a stream state written by stream_state_json. Returns an error naming what is wrong, or "".
std::string read_stream_state(std::string_view json, ShopCursors& out);

// `record` (a JSON object) with kShopField: `shop` as its first member.
std::string record_with_shop(std::string_view record, std::string_view shop);
// The same appended to `out`, for a caller that reuses one buffer across records.
void append_record_with_shop(std::string& out, std::string_view record, std::string_view shop);

}  // namespace host::sync
