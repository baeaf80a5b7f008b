// secret_random.hpp: unguessable identifiers (OAuth state, refresh lease owners) from the
// OpenSSL CSPRNG.
#pragma once

#include <cstddef>
#include <string>

namespace host::engine {

// `bytes` random bytes (RAND_bytes) as lowercase hex. ERRORS: throws std::runtime_error when the
// random generator fails.
std::string random_hex(size_t bytes);

}  // namespace host::engine
