// record_sink.hpp: where an export's records go, and the commit protocol every destination
// follows (a JSON Lines file, stdout messages, a database table).
//
// The export runner pages slices concurrently, each into a spool of its own, and hands
// them to the sink strictly in time order (but see any_order below), from one thread, in this
// sequence:
//
//   start(request)            once: claim the destination; say where the stored cursor is
//                             (or refuse, or say a mode-once stream is complete)
//   open()                    once, unless start refused or the stream is complete: make the
//                             destination ready to take records (cut an uncommitted tail...)
//   { append(slice)           the records of one slice, in order; NOT yet durable
//     commit(cursor) }*       the durability point: every record appended so far AND `cursor`
//                             (the slice's end, or nullopt for an unwindowed slice) are kept
//                             together, atomically: after a crash either both are there or
//                             neither is
//   finish(completed_once)    once, after every slice committed: the run ended well
//
// What is durable when: nothing before the first commit(); after commit(c) returns, every record
// appended before it and cursor c. The runner advances the run's cursor (ExportResult::cursor,
// progress) only after commit() returned, and stops at the first append() or commit() that
// throws: the cursor then stays at the last commit that returned, and the next run starts there,
// so a record is never lost; a sink that cannot make the records of a failed commit vanish (a
// stream already written to a pipe) may repeat them on the next run, never skip them.
//
// A sink that keeps each committed window (SinkStart::any_order: the table sink, in mode delta)
// takes windowed slices as they complete, in any time order, through commit_window() instead of
// commit(): each call keeps the slice's records AND its window as done, atomically, and moves the
// stored cursor over every window now contiguous with it. Windows past the cursor stay recorded,
// and start() reports them (SinkStart::done) so that the next run, on this host or another, does
// not export them again: the cursor covers exactly the contiguous completed prefix, whichever
// runs completed it, and a slice committed once is never done twice. Such a run may also share
// its slices with runs in other processes through a slice board (shared_slices.hpp): each
// process's runner still hands its own slices to its own sink, from one thread.
//
// Where the cursor is kept is the sink's business, because it must be kept with the records: a
// file sink keeps it in a CursorStore row committed after the fsync, a database sink in the same
// transaction as its rows, a stdout sink as a state message written after the records.
//
// THREADING: the runner calls a sink from one thread at a time.
// ERRORS: a sink throws std::runtime_error (naming the destination) when it cannot do what is
// asked; start() reports a destination that needs a person's decision as a refusal instead.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/flows/export/export_mode.hpp"
#include "engine/flows/export/export_slices.hpp"

namespace host::engine {

// The records of one slice as the runner hands them over: minified JSON objects, one per line,
// held in memory by the worker that paged them or, when the memory budget was spent, in the
// spool file it wrote (slice_spool.hpp).
class SliceRecords {
 public:
  // Records in the spool file `spool`.
  SliceRecords(std::filesystem::path spool, uint64_t count)
      : spool_(std::move(spool)), count_(count) {}
  // Records held in memory. OWNERSHIP: `lines` is borrowed; it outlives the append() call.
  SliceRecords(std::string_view lines, uint64_t count)
      : lines_(lines), in_memory_(true), count_(count) {}
  uint64_t count() const { return count_; }
  // "<record>\n" per record, when the records are in memory. A sink may write them whole (the
  // file sink does).
  std::optional<std::string_view> lines_in_memory() const {
    if (!in_memory_) return std::nullopt;
    return lines_;
  }
  // The spool file when they are not: "<record>\n" per record. A sink may copy it whole.
  const std::filesystem::path& spool_file() const { return spool_; }
  uint64_t bytes() const;
  // Calls `each` with every record, without its newline, in order.
  // ERRORS: throws std::runtime_error when the spool cannot be read.
  void for_each(const std::function<void(std::string_view)>& each) const;

 private:
  std::filesystem::path spool_;
  std::string_view lines_;
  bool in_memory_ = false;
  uint64_t count_ = 0;
};

struct SinkStartRequest {
  std::string flow;  // the flow's name
  ExportMode mode = ExportMode::kDelta;
  std::string definition;  // what the cursor means (export_definition.hpp); keep it with it
};

struct SinkStart {
  // Non-empty: the run must not write (the destination holds data this stream does not own, or
  // a cursor made for another definition); says which decision resolves it.
  std::string refusal;
  std::optional<int64_t> cursor;  // the stored cursor (mode kTest: none)
  bool completed = false;         // mode kOnce: an earlier run completed the stream
  std::vector<std::string> warnings;
  // The sink takes windowed slices in any order, through commit_window().
  bool any_order = false;
  // With any_order: windows past the cursor that earlier runs committed; not exported again.
  std::vector<TimeSlice> done;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // What the records go to, for messages ("/data/orders.jsonl", "stdout").
  virtual std::string destination() const = 0;
  // A directory only this sink's runs use, where the runner spools slices before append(). It
  // is emptied at the start of each run (a dead run's slices are redone).
  virtual std::filesystem::path spool_directory() const = 0;
  virtual SinkStart start(const SinkStartRequest& request) = 0;
  virtual void open() = 0;
  virtual void append(const SliceRecords& records) = 0;
  virtual void commit(std::optional<int64_t> cursor) = 0;
  // Only when start() said any_order: keeps the records appended since the last commit with
  // `window` as done, atomically, and moves the stored cursor (or, when none is stored yet,
  // `origin`, where the run's first window starts) over every done window that now touches it;
  // returns the stored cursor (nullopt: none yet). The default throws std::logic_error.
  virtual std::optional<int64_t> commit_window(const TimeSlice& window, int64_t origin);
  // Only when start() said any_order: the stored cursor as it is now, whichever run moved it
  // (a run that shares its slices with other processes reports this one, not the last its own
  // commits returned). The default throws std::logic_error.
  virtual std::optional<int64_t> stored_cursor();
  // `completed_once`: a mode-once run finished; later runs of the stream do nothing.
  virtual void finish(bool completed_once) = 0;
};

}  // namespace host::engine
