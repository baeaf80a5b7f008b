// record_schemas.hpp: the JSON Schema of the records each exportable resource yields, for
// describe's "record_schemas" member (host-api/DESCRIBE.md), so that a host can publish typed
// streams (an Airbyte catalog, Singer SCHEMA messages) without knowing the remote API.
#pragma once

#include <json_writer/json_writer.hpp>

namespace tts {

// Writes "record_schemas": {resource id: {"primary_key", "cursor_field", "schema"}} for every
// resource with an export endpoint. THREADING: pure.
void write_record_schemas(jsonw::Writer& w);

}  // namespace tts
