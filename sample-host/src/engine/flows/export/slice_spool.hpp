// slice_spool.hpp: where a worker keeps one slice's records until the runner hands them to the
// sink: in memory while the process-wide budget allows, else in the slice's spool file.
//
// Writing every slice to a file and copying that file into the output afterwards moved each byte
// through the kernel twice more than needed (write, copy_file_range, then unlink): a slice held
// in memory reaches its destination with one write. The budget bounds what every export of the
// process holds at once (a serve process runs many): a slice that would pass it moves what it
// holds into its file and goes on there, as every slice did before.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "engine/flows/export/record_sink.hpp"
#include "engine/flows/jsonl_file.hpp"

namespace host::engine {

// Bytes that slices may hold in memory at once. THREADING: any thread.
class SpoolBudget {
 public:
  explicit SpoolBudget(uint64_t limit_bytes) : limit_(limit_bytes) {}
  // Takes `bytes` from the budget; false (taking nothing) when that would pass the limit.
  bool take(uint64_t bytes);
  void give_back(uint64_t bytes) { held_.fetch_sub(bytes); }
  uint64_t held() const { return held_.load(); }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> held_{0};
};

// The budget every export of this process shares: 8 MiB, a few dense slices' worth (a slice is
// split when it passes 8 pages, about 2 MB of orders), small beside the host's own footprint,
// so that peak memory does not grow with the size of an export.
SpoolBudget& process_spool_budget();

// One slice's records as a worker appends them. Movable; gives its memory back to the budget
// when destroyed. THREADING: one thread at a time (the worker, then the committing thread).
class SliceSpool {
 public:
  SliceSpool() = default;
  // OWNERSHIP: borrows `budget`, which must outlive the spool. Nothing is created on disk
  // unless the spool spills into `file`.
  SliceSpool(std::filesystem::path file, SpoolBudget& budget);
  SliceSpool(SliceSpool&& other) noexcept;
  SliceSpool& operator=(SliceSpool&& other) noexcept;
  SliceSpool(const SliceSpool&) = delete;
  SliceSpool& operator=(const SliceSpool&) = delete;
  ~SliceSpool();

  // Appends whole lines ("<record>\n"...). ERRORS: throws std::runtime_error when the spill
  // file cannot be written.
  void append(std::string_view lines);
  // Flushes the spill file, if any; the records are then complete for records().
  void close();
  bool spilled() const { return spilled_; }
  // The records as the sink takes them: the memory, or the spill file.
  SliceRecords records(uint64_t count) const;

 private:
  void release();
  void spill();
  std::filesystem::path file_;
  SpoolBudget* budget_ = nullptr;
  std::string memory_;
  uint64_t held_ = 0;  // taken from the budget: memory_'s reserved size
  bool spilled_ = false;
  std::unique_ptr<JsonlWriter> writer_;
};

}  // namespace host::engine
