// process_alive.hpp: whether a pid recorded in the state database (by a lease, a running run)
// still names a live process on this machine.
#pragma once

#include <cstdint>
#include <string>

namespace host::store {

// True when `pid` is a live process (one we may not signal counts as live). A pid the system
// reused since is a false "live": holders that matter also keep a heartbeat.
bool process_alive(int64_t pid);

// This machine's name, which rows beside a pid record so that only the machine the pid belongs to
// judges it: with the state in PostgreSQL several machines share the rows. It is
// $CONNECTOR_HOST_MACHINE_ID when set (kMachineIdEnv), else gethostname(): set it where two
// machines, or containers with their own pids, would share a hostname.
inline constexpr const char* kMachineIdEnv = "CONNECTOR_HOST_MACHINE_ID";
const std::string& this_host();

// A lease (a run's, a listener's) not beaten for this long counts as its holder's no more; on
// its holder's own machine it ends at once when the holder's pid is gone.
inline constexpr int64_t kLeaseStaleSeconds = 15;

}  // namespace host::store
