// export_slice_worker.hpp: pages one slice of an export into its spool file.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "engine/export_request.hpp"
#include "engine/flow_catalog.hpp"
#include "engine/flow_remote_call.hpp"

namespace host::engine {

struct SliceOutcome {
  bool ok = false;
  std::string error;
  uint64_t records = 0;
};

// Counters and limits shared by every worker of one run.
struct SliceShared {
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> pages{0};
  std::atomic<bool> stop{false};  // everything stops: the record limit, or the output failed
  // The lowest index of a failed slice. Slices after it stop (their records could never be
  // committed past the gap); slices before it run to the end, so the committed prefix, and with
  // it the cursor, gets as far as it can.
  std::atomic<size_t> first_failed{std::numeric_limits<size_t>::max()};
  uint64_t record_limit = 0;  // 0: none

  bool should_stop(size_t index) const { return stop.load() || index > first_failed.load(); }
  void note_failure(size_t index) {
    size_t seen = first_failed.load();
    while (index < seen && !first_failed.compare_exchange_weak(seen, index)) {
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

  // Pages `window` (nullopt: no time filter), slice number `index` of the run, and writes each
  // record, minified, one per line, to `spool` (created or truncated). Stops early, successfully,
  // when the shared record limit is reached, and unsuccessfully when an earlier slice failed.
  // Never throws.
  SliceOutcome run(size_t index, const std::optional<TimeSlice>& window,
                   const std::filesystem::path& spool);

 private:
  RemoteCaller& caller_;
  const ExportRequestBuilder& requests_;
  const EndpointSpec& endpoint_;
  int64_t page_size_;
  const std::optional<DetailSpec>& detail_;
  SliceShared& shared_;
};

}  // namespace host::engine
