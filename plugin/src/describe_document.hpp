// describe_document.hpp: the JSON documents behind describe and connection_describe.
#pragma once

#include <string>

#include "connection.hpp"

namespace tts {

inline constexpr char kConnectorId[] = "tiktok-shop";
inline constexpr char kConnectorVersion[] = TIKTOK_SHOP_CONNECTOR_VERSION;

// The connector's self-description (host-api/DESCRIBE.md). Built once, then shared read-only.
// THREADING: any thread. ERRORS: throws std::bad_alloc only.
const std::string& describe_document();

// The connection's effective settings and HTTP view, every secret replaced by "********".
std::string connection_describe_document(const Connection& connection);

}  // namespace tts
