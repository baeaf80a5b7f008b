// field_help.hpp: where a person finds each connection field's value, for describe's
// "field_help" (host-api/DESCRIBE.md): what a console shows as "How to retrieve".
#pragma once

namespace jsonw {
class Writer;
}

namespace tts {

// Writes the field_help object at the writer's position: JSON pointers into the connection
// config (the OAuth client's fields under /oauth_client) to one paragraph each.
void write_field_help(jsonw::Writer& writer);

}  // namespace tts
