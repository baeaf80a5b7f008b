// process_alive.hpp: whether a pid recorded in the state database (by a lease, a running run)
// still names a live process on this machine.
#pragma once

#include <cstdint>
#include <string>

namespace host::store {

// True when `pid` is a live process (one we may not signal counts as live). A pid the system
// reused since is a false "live": holders that matter also keep a heartbeat.
bool process_alive(int64_t pid);

// This machine's name (gethostname), which rows beside a pid record so that only the machine the
// pid belongs to judges it: with the state in PostgreSQL several machines share the rows.
const std::string& this_host();

}  // namespace host::store
