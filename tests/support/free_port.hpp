// free_port.hpp: a local TCP port for a server a test must start on a known port.
#pragma once

#include <cstdint>

namespace test_support {

// A TCP port on 127.0.0.1 that was free a moment ago (another process may take it meanwhile:
// use it only where the port must be known before the server starts, as in a redirect URI).
std::uint16_t free_port();

}  // namespace test_support
