#include "engine/export_runner.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/export_request.hpp"
#include "engine/export_slice_worker.hpp"
#include "engine/jsonl_file.hpp"

namespace host::engine {
namespace {

// An exclusive lock on "<output>.lock" for the run: two runs appending to one output would
// interleave slices and break the committed-size bookkeeping. The kernel drops the lock when
// the process dies, so a killed run never blocks the next one.
class OutputLock {
 public:
  explicit OutputLock(const std::filesystem::path& output) {
    const std::filesystem::path path = output.string() + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot create the lock file " + path.string());
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error("another run is writing " + output.string() + " right now");
    }
  }
  ~OutputLock() { ::close(fd_); }
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  int fd_ = -1;
};

enum class SliceState { kPending, kDone, kFailed };

std::vector<std::optional<TimeSlice>> plan_slices(const FlowManifest& flow,
                                                  const EndpointSpec& endpoint,
                                                  const ExportProgress& progress,
                                                  const ExportRun& run) {
  std::vector<std::optional<TimeSlice>> out;
  if (!endpoint.incremental) {
    out.emplace_back(std::nullopt);
    return out;
  }
  const FlowWindow& w = flow.window;
  int64_t from = w.lookback_seconds > 0 ? run.now - w.lookback_seconds : w.start;
  if (run.mode == ExportMode::kDelta && progress.cursor) from = *progress.cursor;
  const int64_t to = run.now - w.lag_seconds;
  for (const TimeSlice& s : split_window(from, to, w.slice_seconds, run.max_slices)) {
    out.emplace_back(s);
  }
  return out;
}

}  // namespace

ExportResult run_export(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::optional<DetailSpec>& detail,
                        const std::string& scope_credential, RemoteCaller& caller,
                        CursorStore* cursors, const ExportRun& run) {
  const bool test = run.mode == ExportMode::kTest;
  if (!test && cursors == nullptr) throw std::logic_error("run_export needs a cursor store");
  ExportResult result;
  result.output = std::filesystem::absolute(run.output).lexically_normal();
  const std::string output_key = result.output.string();
  auto warn = [&](const std::string& m) {
    if (run.warn) run.warn(m);
  };

  if (result.output.has_parent_path()) {
    std::filesystem::create_directories(result.output.parent_path());
  }
  OutputLock lock(result.output);
  ExportProgress progress;
  if (!test) progress = cursors->load(flow.name, output_key);
  result.cursor = progress.cursor;
  if (run.mode == ExportMode::kOnce && progress.completed) {
    result.already_completed = true;
    return result;
  }
  if (!endpoint.incremental && run.mode == ExportMode::kDelta) {
    warn("endpoint " + endpoint.id + " cannot filter by time: a delta run exports everything");
  }

  JsonlWriter output(result.output,
                     test ? JsonlWriter::OpenMode::kTruncate : JsonlWriter::OpenMode::kAppend);
  if (!test) {
    if (!progress.committed_bytes) {
      // First run into this file: whatever it holds already is not ours to cut.
      cursors->commit(flow.name, output_key, std::nullopt, output.size());
    } else if (output.size() > *progress.committed_bytes) {
      warn("cutting " + std::to_string(output.size() - *progress.committed_bytes) +
           " bytes an interrupted run left in " + output_key +
           " after its last commit; those records are exported again now");
      output.truncate(*progress.committed_bytes);
    } else if (output.size() < *progress.committed_bytes) {
      warn(output_key + " is shorter than the " + std::to_string(*progress.committed_bytes) +
           " bytes committed to it (edited or replaced?); appending to it as it is");
      cursors->commit(flow.name, output_key, std::nullopt, output.size());
    }
  }

  const auto slices = plan_slices(flow, endpoint, progress, run);
  result.counters.slices_total = slices.size();
  const std::filesystem::path spool_dir = result.output.string() + ".spool";
  std::filesystem::remove_all(spool_dir);  // slices of a dead run: they are redone
  std::filesystem::create_directories(spool_dir);
  auto spool_path = [&](size_t i) { return spool_dir / ("slice-" + std::to_string(i) + ".jsonl"); };

  const ExportRequestBuilder requests(endpoint, flow, scope_credential);
  const int64_t page_size =
      flow.page_size != 0 ? flow.page_size : (endpoint.paging ? endpoint.paging->default_size : 0);
  SliceShared shared;
  shared.record_limit = test ? run.test_limit : 0;
  SliceExporter exporter(caller, requests, endpoint, page_size, detail, shared);

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<SliceState> states(slices.size(), SliceState::kPending);
  std::vector<SliceOutcome> outcomes(slices.size());
  size_t next_slice = 0;
  // A test run reads in order and stops at the limit, so it uses one worker.
  const size_t workers_wanted =
      test ? 1 : std::min<size_t>(static_cast<size_t>(flow.concurrency), slices.size());
  size_t active = workers_wanted;
  std::vector<std::thread> workers;
  for (size_t w = 0; w < workers_wanted; ++w) {
    workers.emplace_back([&] {
      while (true) {
        size_t i;
        {
          std::lock_guard lock_state(mutex);
          if (next_slice >= slices.size() || shared.should_stop(next_slice)) break;
          i = next_slice++;
        }
        SliceOutcome outcome = exporter.run(i, slices[i], spool_path(i));
        std::lock_guard lock_state(mutex);
        states[i] = outcome.ok ? SliceState::kDone : SliceState::kFailed;
        outcomes[i] = std::move(outcome);
        changed.notify_all();
      }
      std::lock_guard lock_state(mutex);
      --active;
      changed.notify_all();
    });
  }

  // Commit the completed prefix as it grows, on this thread only.
  size_t committed = 0;
  std::string failure;
  try {
    std::unique_lock lock_state(mutex);
    while (true) {
      while (committed < slices.size() && states[committed] == SliceState::kDone) {
        lock_state.unlock();
        output.append_file(spool_path(committed));
        output.sync();
        std::optional<int64_t> cursor;
        if (slices[committed]) cursor = slices[committed]->to;
        if (!test) cursors->commit(flow.name, output_key, cursor, output.size());
        if (cursor && !test) result.cursor = cursor;
        std::filesystem::remove(spool_path(committed));
        lock_state.lock();
        result.counters.records += outcomes[committed].records;
        ++committed;
      }
      if (committed == slices.size() || active == 0) break;
      changed.wait_for(lock_state, std::chrono::milliseconds(500));
      if (run.progress) {
        ExportCounters now = result.counters;
        now.records = shared.records.load();
        now.pages = shared.pages.load();
        now.slices_done = committed;
        run.progress(now);
      }
    }
  } catch (const std::exception& e) {
    failure = e.what();
    shared.stop.store(true);
  }
  for (auto& t : workers) t.join();
  result.counters.pages = shared.pages.load();
  result.counters.slices_done = committed;

  const bool limit_stop = test && shared.record_limit != 0 &&
                          shared.records.load() >= shared.record_limit;
  if (failure.empty() && committed < slices.size() && !limit_stop) {
    for (size_t i = 0; i < slices.size(); ++i) {
      if (states[i] != SliceState::kFailed) continue;
      if (failure.empty() || outcomes[i].error.find("an earlier slice failed") == std::string::npos) {
        failure = outcomes[i].error;
        if (slices[i]) {
          failure = "slice [" + std::to_string(slices[i]->from) + ", " +
                    std::to_string(slices[i]->to) + ") failed: " + failure;
        }
        if (outcomes[i].error.find("an earlier slice failed") == std::string::npos) break;
      }
    }
    if (failure.empty()) failure = "the export stopped before every slice completed";
  }
  if (!failure.empty()) {
    result.ok = false;
    result.error = failure;
    return result;  // the spool stays for inspection; the next run clears it
  }
  output.sync();
  std::filesystem::remove_all(spool_dir);
  if (run.mode == ExportMode::kOnce) cursors->mark_completed(flow.name);
  return result;
}

}  // namespace host::engine
