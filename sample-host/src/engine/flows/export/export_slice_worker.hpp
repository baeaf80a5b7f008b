// export_slice_worker.hpp: pages one slice of an export into its spool (memory or its file).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/export/export_request.hpp"
#include "engine/flows/export/export_slices.hpp"
#include "engine/flows/export/slice_spool.hpp"
#include "engine/flows/flow_catalog.hpp"

namespace host::engine {

struct SliceOutcome {
  bool ok = false;
  std::string error;
  uint64_t records = 0;
  // Search chains: keys the search found, and how many of them the detail calls did not return
  // (deleted between the two calls, say): those are not exported, and the summary says so.
  uint64_t searched = 0;
  uint64_t missing_details = 0;
  // The slice is too big to page alone (see SliceShared::split_above): its first page reported
  // this many records, nothing was written, and the runner should split it. -1 otherwise.
  int64_t split_total = -1;
  // The records written (complete when ok): hand them over with spool.records(records).
  SliceSpool spool;
};

// Orders slices in time: a slice's start, or the lowest value for the one unwindowed slice.
inline int64_t slice_order(const std::optional<TimeSlice>& window) {
  return window ? window->from : std::numeric_limits<int64_t>::min();
}

// Counters and limits shared by every worker of one run.
struct SliceShared {
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> pages{0};
  std::atomic<bool> stop{false};  // everything stops: the record limit, or the output failed
  // The slice_order() of the earliest failed slice. Slices after it stop (their records could
  // never be committed past the gap); slices before it run to the end, so the committed prefix,
  // and with it the cursor, gets as far as it can.
  std::atomic<int64_t> first_failed{std::numeric_limits<int64_t>::max()};
  uint64_t record_limit = 0;  // 0: none
  // A windowed slice whose first page reports more records than this (and that is at least two
  // seconds wide) is handed back to be split instead of paged. 0: never split.
  int64_t split_above = 0;
  // What the slices' records may hold in memory before they go to their spool files.
  SpoolBudget* spool_budget = &process_spool_budget();

  bool should_stop(int64_t order) const { return stop.load() || order > first_failed.load(); }
  void note_failure(int64_t order) {
    int64_t seen = first_failed.load();
    while (order < seen && !first_failed.compare_exchange_weak(seen, order)) {
    }
  }
};

// THREADING: one SliceExporter may serve many threads; each run() call uses its own spool.
class SliceExporter {
 public:
  // OWNERSHIP: borrows everything; it must outlive the exporter.
  SliceExporter(RemoteCaller& caller, const ExportRequestBuilder& requests,
                const EndpointSpec& endpoint, int64_t page_size,
                const std::optional<DetailSpec>& detail, SliceShared& shared)
      : caller_(caller),
        requests_(requests),
        endpoint_(endpoint),
        page_size_(page_size),
        detail_(detail),
        shared_(shared) {}

  // Pages `window` (nullopt: no time filter) and writes each record, minified, one per line, to
  // the outcome's spool (in memory, or in the file `spool`, created or truncated, once the
  // shared budget is spent). Stops early, successfully, when the shared record limit is
  // reached; unsuccessfully when an earlier slice failed; and with split_total set when the
  // window holds more than shared.split_above records. Never throws.
  SliceOutcome run(const std::optional<TimeSlice>& window, const std::filesystem::path& spool);

 private:
  RemoteCaller& caller_;
  const ExportRequestBuilder& requests_;
  const EndpointSpec& endpoint_;
  int64_t page_size_;
  const std::optional<DetailSpec>& detail_;
  SliceShared& shared_;
};

}  // namespace host::engine
