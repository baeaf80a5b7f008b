// export_slices.hpp: cutting an export's time window into slices that can be paged concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace host::engine {

// A half-open time range [from, to) in unix seconds.
struct TimeSlice {
  int64_t from = 0;
  int64_t to = 0;
};

// Splits [from, to) into consecutive slices of `slice_seconds`, in time order, covering the
// window exactly (no gap, no overlap). When that would make more than `max_slices` slices, the
// earliest slice grows to absorb the excess, so a window opened at the epoch does not turn into
// thousands of empty requests. Empty when from >= to. REQUIRES: slice_seconds >= 1,
// max_slices >= 1.
std::vector<TimeSlice> split_window(int64_t from, int64_t to, int64_t slice_seconds,
                                    size_t max_slices);

// The parts of `slice` that no window of `covered` covers, in time order (`slice` itself when
// none does; nothing when they cover it all). `covered` may be in any order and overlap.
std::vector<TimeSlice> uncovered_parts(const TimeSlice& slice, std::vector<TimeSlice> covered);

}  // namespace host::engine
