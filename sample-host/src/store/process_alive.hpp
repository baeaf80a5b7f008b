// process_alive.hpp: whether a pid recorded in the state database (by a lease, a running run)
// still names a live process on this machine.
#pragma once

#include <cstdint>

namespace host::store {

// True when `pid` is a live process (one we may not signal counts as live). A pid the system
// reused since is a false "live": holders that matter also keep a heartbeat.
bool process_alive(int64_t pid);

}  // namespace host::store
