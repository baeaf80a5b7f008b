#include "engine/flows/export/export_slices.hpp"

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

}  // namespace host::engine
