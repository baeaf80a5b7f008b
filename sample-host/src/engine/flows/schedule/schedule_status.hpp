// schedule_status.hpp: what the scheduler of a `serve` over a flow folder does with each
// scheduled flow, for the console and for the scheduler itself: the flows it schedules, when
// each fires next, and whether its connection pauses it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connections/host_paths.hpp"
#include "engine/flows/flow_folder.hpp"
#include "store/database.hpp"

namespace host::engine {

// The flows of `folder` that have a schedule, without a second flow of a name already taken (a
// name keys the cursor and the run history: two files of one name would run as one flow).
// `refused` gets a line for each flow left out that way.
std::vector<FlowManifest> scheduled_flows(const FlowFolder& folder,
                                          std::vector<std::string>& refused);

// Why the scheduled flows of `connection` wait, or nullopt when they run: the connection needs a
// person to authorize it again (the token lifecycle marked its refresh token dead, or the refresh
// token expired), the state `connection list` shows as "needs-reauthorization". An unknown or
// never-authorized connection is not paused: its runs fail and say why.
// ERRORS: throws store::StoreError.
std::optional<std::string> schedule_pause_reason(store::Database& db, std::string_view connection,
                                                 int64_t now);

struct ScheduleStatus {
  FlowManifest flow;                  // its schedule is set
  int64_t next_fire = 0;              // unix seconds
  std::optional<std::string> paused;  // schedule_pause_reason()
};

// The scheduled flows of `flow_dir` as a scheduler over it runs them, each with its next fire
// after `now` (fire_times.hpp) and its pause. ERRORS: throws store::StoreError.
std::vector<ScheduleStatus> schedule_statuses(const std::filesystem::path& flow_dir,
                                              const HostPaths& paths, int64_t now);

}  // namespace host::engine
