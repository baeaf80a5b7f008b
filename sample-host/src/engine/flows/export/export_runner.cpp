#include "engine/flows/export/export_runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/flows/export/export_request.hpp"
#include "engine/flows/export/export_slice_worker.hpp"
#include "engine/flows/export/jsonl_file_sink.hpp"

namespace host::engine {
namespace {

enum class SliceState { kPending, kRunning, kDone, kFailed };

// One unit of work: a time slice, paged by one worker into its own spool. The run keeps
// the uncommitted ones in time order; a slice too big to page alone is replaced in place by its
// parts, which keeps the order.
struct SliceSlot {
  SliceSlot(std::optional<TimeSlice> w, uint64_t i) : window(w), id(i) {}
  std::optional<TimeSlice> window;
  uint64_t id = 0;  // names the spool file; never reused within a run
  SliceState state = SliceState::kPending;
  SliceOutcome outcome;
};

// A slice's first page asks for this many pages' worth of records at most; bigger slices are
// split so that one slice of recent, dense data does not keep a single worker paging long after
// the others ran out of work. Each split costs the one page that revealed the size.
constexpr int64_t kPagesPerSlice = 8;
// Parts a slice splits into at once, at most (a still-too-big part splits again).
constexpr int64_t kMaxPartsPerSplit = 64;

// How many parts a slice of `width` seconds holding `total` records becomes.
int64_t split_parts(int64_t width, int64_t total, int64_t records_per_slice) {
  const int64_t wanted = (total + records_per_slice - 1) / records_per_slice;
  return std::clamp<int64_t>(wanted, 2, std::min(width, kMaxPartsPerSplit));
}

struct SlicePlan {
  std::vector<std::optional<TimeSlice>> slices;  // in time order
  int64_t origin = 0;                            // where the first window starts
  size_t skipped = 0;  // windows (or parts) earlier runs committed already
};

SlicePlan plan_slices(const FlowManifest& flow, const EndpointSpec& endpoint,
                      const SinkStart& start, const ExportRun& run) {
  SlicePlan plan;
  if (!endpoint.incremental) {
    plan.slices.emplace_back(std::nullopt);
    return plan;
  }
  const FlowWindow& w = flow.window;
  int64_t from = w.lookback_seconds > 0 ? run.now - w.lookback_seconds : w.start;
  if (run.mode == ExportMode::kDelta && start.cursor) from = *start.cursor;
  plan.origin = from;
  const int64_t to = run.now - w.lag_seconds;
  for (const TimeSlice& s : split_window(from, to, w.slice_seconds, run.max_slices)) {
    const std::vector<TimeSlice> parts = uncovered_parts(s, start.done);
    if (parts.size() != 1 || parts.front().from != s.from || parts.front().to != s.to) {
      ++plan.skipped;
    }
    for (const TimeSlice& part : parts) plan.slices.emplace_back(part);
  }
  return plan;
}

}  // namespace

ExportResult run_export(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::optional<DetailSpec>& detail,
                        const std::string& scope_credential, RemoteCaller& caller, RecordSink& sink,
                        const ExportRun& run) {
  const bool test = run.mode == ExportMode::kTest;
  ExportResult result;
  result.output = sink.destination();
  auto warn = [&](const std::string& m) {
    if (run.warn) run.warn(m);
  };

  const SinkStart start = sink.start({flow.name, run.mode, run.definition});
  if (!start.refusal.empty()) {
    result.ok = false;
    result.refused = true;
    result.error = start.refusal;
    return result;
  }
  for (const std::string& w : start.warnings) warn(w);
  result.cursor_before = start.cursor;
  result.cursor = start.cursor;
  if (run.mode == ExportMode::kOnce && start.completed) {
    result.already_completed = true;
    return result;
  }
  if (!endpoint.incremental && run.mode == ExportMode::kDelta) {
    warn("endpoint " + endpoint.id + " cannot filter by time: a delta run exports everything");
  }
  sink.open();

  // The sink takes slices as they complete; a test run reads in order, to its limit.
  const bool any_order = start.any_order && !test;
  // Shared with other processes through the board: the lead's plan goes there, and every
  // worker, the lead's or a helper's, takes its slices from there.
  SliceBoard* const board = any_order && endpoint.incremental ? run.board : nullptr;
  if (run.help && board == nullptr) {
    throw std::logic_error("only a delta run into a table can help another run of its flow");
  }
  const bool helping = run.help.has_value();
  const SlicePlan plan =
      helping ? SlicePlan{{}, run.help->origin, 0} : plan_slices(flow, endpoint, start, run);
  const auto& slices = plan.slices;
  result.counters.slices_total = slices.size();
  if (plan.skipped > 0) {
    warn(std::to_string(plan.skipped) +
         " slice(s) of the window hold time an earlier run committed past the cursor (it stopped "
         "before the slices between were done); only the rest of them is exported");
  }
  const int64_t board_run = helping ? run.help->run_id : run.run_id;
  if (board != nullptr && !helping) {
    std::vector<TimeSlice> windows;
    windows.reserve(slices.size());
    for (const auto& s : slices) windows.push_back(*s);
    board->publish(board_run, plan.origin, windows);
  }
  const std::filesystem::path spool_dir = sink.spool_directory();
  std::filesystem::remove_all(spool_dir);  // slices of a dead run: they are redone
  std::filesystem::create_directories(spool_dir);
  auto spool_path = [&](uint64_t id) {
    return spool_dir / ("slice-" + std::to_string(id) + ".jsonl");
  };

  const ExportRequestBuilder requests(endpoint, flow, scope_credential);
  const int64_t page_size =
      flow.page_size != 0 ? flow.page_size : (endpoint.paging ? endpoint.paging->default_size : 0);
  // A test run reads in order and stops at the limit, so it uses one worker.
  const size_t workers_wanted =
      test      ? 1
      : helping ? static_cast<size_t>(flow.concurrency)
                : std::min<size_t>(static_cast<size_t>(flow.concurrency), slices.size());
  SliceShared shared;
  shared.record_limit = test ? run.test_limit : 0;
  if (endpoint.paging && page_size > 0 && !test) {
    // Split to spread dense data over the workers; with one worker, only to stay under the
    // endpoint's cap on results per query.
    const int64_t cap = endpoint.paging->max_results;
    shared.split_above = workers_wanted > 1 ? page_size * kPagesPerSlice : cap;
    if (cap > 0 && (shared.split_above == 0 || shared.split_above > cap)) shared.split_above = cap;
  }
  SliceExporter exporter(caller, requests, endpoint, page_size, detail, shared);

  std::mutex mutex;
  std::condition_variable changed;
  // Every uncommitted slice, in time order; on a board, only those this run took.
  std::list<SliceSlot> pending;
  uint64_t next_id = 0;
  if (board == nullptr) {
    for (const auto& window : slices) pending.emplace_back(window, next_id++);
  }
  size_t running = 0;
  size_t active = workers_wanted;
  std::string board_failure;  // a board operation of a worker failed (guarded by mutex)

  // The first slice nobody has taken that may still matter; end() when none. Caller holds mutex.
  auto next_to_run = [&] {
    return std::find_if(pending.begin(), pending.end(), [&](const SliceSlot& s) {
      return s.state == SliceState::kPending && !shared.should_stop(slice_order(s.window));
    });
  };
  // The next slice of the board this run may take, as a running slot; end() when none is left
  // for it. Caller holds the lock, which is released while the board is asked.
  auto take_from_board = [&](std::unique_lock<std::mutex>& lock_state) {
    while (!shared.stop.load() &&
           shared.first_failed.load() == std::numeric_limits<int64_t>::max()) {
      lock_state.unlock();
      std::optional<TimeSlice> taken;
      size_t left = 0;
      try {
        taken = board->claim(board_run);
        // A helper stops when nothing is free; the lead waits for every slice to be committed
        // (another holder's may come free when its heartbeat goes silent).
        if (!taken && !helping) left = board->unfinished(board_run);
      } catch (const std::exception& e) {
        lock_state.lock();
        if (board_failure.empty()) board_failure = std::string("the slice board: ") + e.what();
        shared.stop.store(true);
        changed.notify_all();
        break;
      }
      lock_state.lock();
      if (taken) {
        pending.emplace_back(taken, next_id++);
        return std::prev(pending.end());
      }
      if (left == 0) break;
      changed.wait_for(lock_state, std::chrono::milliseconds(500));
    }
    return pending.end();
  };
  std::vector<std::thread> workers;
  for (size_t w = 0; w < workers_wanted; ++w) {
    workers.emplace_back([&] {
      std::unique_lock lock_state(mutex);
      while (true) {
        auto slot = board != nullptr ? take_from_board(lock_state) : next_to_run();
        if (slot == pending.end() && board != nullptr) break;
        if (slot == pending.end()) {
          // A running slice may still split into new work; wait for it unless none is running.
          if (running == 0 || shared.stop.load()) break;
          changed.wait(lock_state);
          continue;
        }
        slot->state = SliceState::kRunning;
        ++running;
        const std::optional<TimeSlice> window = slot->window;
        const std::filesystem::path spool = spool_path(slot->id);
        lock_state.unlock();
        SliceOutcome outcome = exporter.run(window, spool);
        lock_state.lock();
        --running;
        if (outcome.split_total >= 0) {
          std::filesystem::remove(spool);
          const int64_t width = window->to - window->from;
          const int64_t parts = split_parts(width, outcome.split_total, shared.split_above);
          const std::vector<TimeSlice> part_windows = split_window(
              window->from, window->to, (width + parts - 1) / parts, static_cast<size_t>(parts));
          if (board != nullptr) {
            try {
              board->split(board_run, *window, part_windows);
            } catch (const std::exception& e) {
              if (board_failure.empty())
                board_failure = std::string("the slice board: ") + e.what();
              shared.stop.store(true);
            }
          } else {
            for (const TimeSlice& part : part_windows) pending.emplace(slot, part, next_id++);
          }
          pending.erase(slot);
          ++result.counters.splits;  // under the mutex, like the list
        } else {
          slot->state = outcome.ok ? SliceState::kDone : SliceState::kFailed;
          slot->outcome = std::move(outcome);
        }
        changed.notify_all();
      }
      --active;
      changed.notify_all();
    });
  }

  // Commit completed slices as they come, on this thread only: the completed prefix in time
  // order, or with an any-order sink every completed slice. Workers never touch a slice once it
  // is done (and list insertions keep other iterators valid), so it is read and removed without
  // holding the lock for the I/O.
  const auto next_done = [&] {
    if (!any_order) {
      const bool front_done = !pending.empty() && pending.front().state == SliceState::kDone;
      return front_done ? pending.begin() : pending.end();
    }
    return std::find_if(pending.begin(), pending.end(),
                        [](const SliceSlot& s) { return s.state == SliceState::kDone; });
  };
  size_t committed = 0;
  std::string failure;
  // Heartbeats for the slices this run holds on the board, from this thread.
  constexpr auto kBeatEvery = std::chrono::seconds(3);
  auto next_beat = std::chrono::steady_clock::now() + kBeatEvery;
  try {
    std::unique_lock lock_state(mutex);
    while (true) {
      for (auto slot = next_done(); slot != pending.end(); slot = next_done()) {
        const SliceSlot& done = *slot;
        lock_state.unlock();
        if (run.check_still_allowed) {
          if (std::string why = run.check_still_allowed(); !why.empty()) {
            throw std::runtime_error(why);
          }
        }
        sink.append(done.outcome.spool.records(done.outcome.records));
        std::optional<int64_t> cursor;
        if (any_order && done.window) {
          cursor = sink.commit_window(*done.window, plan.origin);
        } else {
          if (done.window) cursor = done.window->to;
          sink.commit(cursor);
        }
        // Only now: a commit that threw leaves the run's cursor where the last one put it.
        if (cursor && !test) result.cursor = cursor;
        if (run.committed) {
          SliceCommitted c;
          if (done.window) {
            c.from = done.window->from;
            c.to = done.window->to;
          }
          c.records = done.outcome.records;
          run.committed(c);
        }
        if (done.outcome.spool.spilled()) std::filesystem::remove(spool_path(done.id));
        lock_state.lock();
        result.counters.records += done.outcome.records;
        result.counters.searched += done.outcome.searched;
        result.counters.missing_details += done.outcome.missing_details;
        pending.erase(slot);
        ++committed;
        // A worker the board told to wait for this run's uncommitted slices asks it again now,
        // not at its next poll: the slice is off the board.
        if (board != nullptr) changed.notify_all();
      }
      // On a board, an empty list only means that this run holds nothing now.
      if ((board == nullptr && pending.empty()) || active == 0) break;
      changed.wait_for(lock_state, std::chrono::milliseconds(500));
      if (board != nullptr && std::chrono::steady_clock::now() >= next_beat) {
        lock_state.unlock();
        board->beat();
        lock_state.lock();
        next_beat = std::chrono::steady_clock::now() + kBeatEvery;
      }
      if (run.progress) {
        ExportCounters now = result.counters;
        now.records = shared.records.load();
        now.pages = shared.pages.load();
        now.slices_done = committed;
        now.slices_total = committed + pending.size();
        run.progress(now);
      }
    }
  } catch (const std::exception& e) {
    failure = e.what();
    shared.stop.store(true);
    std::lock_guard lock_state(mutex);
    changed.notify_all();
  }
  for (auto& t : workers) t.join();
  if (failure.empty()) failure = board_failure;
  if (board != nullptr) {
    // What this run took and did not commit goes back at once, for another claimant; a lead's
    // plan ends with it (the windows committed stay: the next run goes on from them).
    try {
      if (helping) {
        for (const SliceSlot& slot : pending) board->release(*slot.window);
      } else {
        board->close(board_run);
        // Helpers may have committed the slices that moved the cursor last.
        if (failure.empty() && pending.empty()) result.cursor = sink.stored_cursor();
      }
    } catch (const std::exception& e) {
      // Harmless: slices come free when their heartbeat goes silent; a new lead replaces a plan.
      warn(std::string("the slice board could not be tidied: ") + e.what());
    }
  }
  result.counters.pages = shared.pages.load();
  result.counters.slices_done = committed;

  result.counters.slices_total = committed + pending.size();

  const bool limit_stop =
      test && shared.record_limit != 0 && shared.records.load() >= shared.record_limit;
  if (failure.empty() && !pending.empty() && !limit_stop) {
    // Report the earliest failure that is a cause, not a consequence of another one.
    for (const SliceSlot& slot : pending) {
      if (slot.state != SliceState::kFailed) continue;
      const bool consequence =
          slot.outcome.error.find("an earlier slice failed") != std::string::npos;
      if (!failure.empty() && consequence) continue;
      failure = slot.outcome.error;
      if (slot.window) {
        failure = std::string("slice [")
                      .append(std::to_string(slot.window->from))
                      .append(", ")
                      .append(std::to_string(slot.window->to))
                      .append(") failed: ")
                      .append(failure);
      }
      if (!consequence) break;
    }
    if (failure.empty()) failure = "the export stopped before every slice completed";
  }
  if (!failure.empty() && run.check_still_allowed) {
    // A deleted connection makes calls fail in many ways (no tokens, say); name the cause.
    if (std::string why = run.check_still_allowed(); !why.empty()) failure = why;
  }
  if (!failure.empty()) {
    result.ok = false;
    result.error = failure;
    return result;  // the spool stays for inspection; the next run clears it
  }
  sink.finish(run.mode == ExportMode::kOnce);
  std::filesystem::remove_all(spool_dir);
  return result;
}

ExportResult run_export(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::optional<DetailSpec>& detail,
                        const std::string& scope_credential, RemoteCaller& caller,
                        CursorStore* cursors, const ExportRun& run) {
  JsonlFileSink sink(run.output, cursors, {run.take_over_output, run.reset_cursor});
  return run_export(flow, endpoint, detail, scope_credential, caller, sink, run);
}

}  // namespace host::engine
