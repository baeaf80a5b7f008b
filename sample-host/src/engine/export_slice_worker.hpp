// export_slice_worker.hpp: pages one slice of an export into its spool file.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
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
  std::atomic<bool> stop{false};  // set when a slice failed or the record limit was reached
  uint64_t record_limit = 0;      // 0: none
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
  // `spool` (created or truncated). Stops early, successfully, when the shared record limit is
  // reached, and unsuccessfully when another slice failed. Never throws.
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
