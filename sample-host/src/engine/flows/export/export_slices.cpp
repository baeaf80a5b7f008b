#include "engine/flows/export/export_slices.hpp"

#include <algorithm>

namespace host::engine {

std::vector<TimeSlice> split_window(int64_t from, int64_t to, int64_t slice_seconds,
                                    size_t max_slices) {
  std::vector<TimeSlice> slices;
  if (from >= to || slice_seconds < 1 || max_slices < 1) return slices;
  // Slices are laid out backwards from `to`, so the recent ones (where the data usually is) are
  // regular and only the earliest one may be longer or shorter.
  const int64_t span = to - from;
  int64_t count = span / slice_seconds + (span % slice_seconds != 0 ? 1 : 0);
  if (count > static_cast<int64_t>(max_slices)) count = static_cast<int64_t>(max_slices);
  slices.resize(static_cast<size_t>(count));
  int64_t end = to;
  for (int64_t i = count - 1; i >= 0; --i) {
    const int64_t start = i == 0 ? from : end - slice_seconds;
    slices[static_cast<size_t>(i)] = {start, end};
    end = start;
  }
  return slices;
}

std::vector<TimeSlice> uncovered_parts(const TimeSlice& slice, std::vector<TimeSlice> covered) {
  std::sort(covered.begin(), covered.end(),
            [](const TimeSlice& a, const TimeSlice& b) { return a.from < b.from; });
  std::vector<TimeSlice> parts;
  int64_t at = slice.from;  // everything before it is covered or already a part
  for (const TimeSlice& c : covered) {
    if (at >= slice.to || c.from >= slice.to) break;
    if (c.to <= at) continue;
    if (c.from > at) parts.push_back({at, c.from});
    at = c.to;
  }
  if (at < slice.to) parts.push_back({at, slice.to});
  return parts;
}

}  // namespace host::engine
