// connection_schema.hpp: the JSON Schema of the connection config, for describe.
#pragma once

namespace jsonw {
class Writer;
}

namespace tts {

// Writes the schema object (the value of "connection_schema") at the writer's position. It states
// the same rules parse_connection_config enforces; secret fields carry "x-secret": true.
void write_connection_schema(jsonw::Writer& writer);

}  // namespace tts
