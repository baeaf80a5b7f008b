// fire_times.hpp: when a flow's schedule (engine/flows/flow_schedule.hpp) fires, as a pure
// function of the schedule, the flow's name and the time: a restarted scheduler, and the
// console asking what comes next, find the same times without any stored state.
//
// An interval schedule fires at every multiple of every_seconds since the Unix epoch plus the
// flow's offset; a cron schedule at the start of every minute its fields allow, plus the offset.
// The offset is in [0, jitter_seconds], fixed per flow name (a hash of the name, the same on
// every machine and every run), so a thousand flows on one schedule spread over the jitter.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/flows/flow_schedule.hpp"

namespace host::engine {

// The flow's offset: 0..jitter_seconds, from the FNV-1a hash of its name.
int64_t jitter_offset(std::string_view flow_name, int64_t jitter_seconds);

// The first fire time strictly after `after` (unix seconds). A schedule the manifest reader
// accepted always has one (it refuses a cron that never fires); a CronExpression built in code
// that allows no time gives a time centuries away.
int64_t next_fire_time(const FlowSchedule& schedule, std::string_view flow_name, int64_t after);

}  // namespace host::engine
