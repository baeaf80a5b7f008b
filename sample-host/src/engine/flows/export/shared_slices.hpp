// shared_slices.hpp: the unfinished slices of one delta run into a table, on a board in the state
// database, so that every process sharing the state can page them (several serves on one
// PostgreSQL state, or processes on one machine sharing a SQLite state).
//
// The run that holds the flow (its lead: connection_lease.hpp) publishes its plan, the slices of
// its window that no run committed yet. From then on its own workers, and those of helper runs
// (a serve whose fire found the flow held by another process), take slices from the board, one
// at a time:
//
//   claim()    takes the earliest slice nobody holds, or one whose holder went silent for
//              kLeaseStaleSeconds (by the database's clock), in one statement; on PostgreSQL
//              `FOR UPDATE SKIP LOCKED`, so claimants never wait for each other
//   beat()     the holder's heartbeat, for every slice it holds (every few seconds)
//   split()    a slice too dense to page alone is replaced by its parts, unheld
//   release()  a slice the holder gives up (it failed there): another claimant may take it
//
// A slice leaves the board when its records are committed: TableSink::commit_window deletes it in
// the same transaction as its rows and its window (table_sink.hpp), so a slice is on the board
// exactly while it is not durable. A claimant that dies loses its slices when its heartbeat goes
// stale; another claimant then pages them again from the start of the slice. The lead waits until
// the board is empty (every slice committed, by whichever process) and then closes it; a run that
// fails closes it too, and the windows committed stay for the next run (table_sink.hpp).
//
// THREADING: every member may be called from any thread; calls are serialized on the board's own
// database connection.
// ERRORS: store::StoreError from the database.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/flows/export/export_slices.hpp"
#include "store/database.hpp"

namespace host::engine {

// A published plan: the lead run, and where its first window starts (the cursor the windows
// join: RecordSink::commit_window's origin).
struct SlicePlanHead {
  int64_t run_id = 0;
  int64_t origin = 0;
};

class SliceBoard {
 public:
  // The board of export table `table`, for claimant `holder` (unique per run and process, e.g.
  // "host-b:345:run 12"). Opens its own connection to `state`.
  SliceBoard(const store::StateLocation& state, std::string table, std::string holder);

  // The lead: replaces whatever an earlier (dead) lead left by the plan of run `run_id`.
  void publish(int64_t run_id, int64_t origin, const std::vector<TimeSlice>& slices);
  // The plan on the board, if a lead published one and has not closed it.
  std::optional<SlicePlanHead> plan();
  // Takes a slice of run `run_id`'s plan for this holder; nullopt when none is free.
  std::optional<TimeSlice> claim(int64_t run_id);
  // Replaces `held` (held by this holder) by `parts`, which nobody holds.
  void split(int64_t run_id, const TimeSlice& held, const std::vector<TimeSlice>& parts);
  void release(const TimeSlice& held);
  void beat();
  // Slices of run `run_id`'s plan not committed yet, held or not.
  size_t unfinished(int64_t run_id);
  // The lead, at its end: removes its plan and whatever of it is left.
  void close(int64_t run_id);

  const std::string& holder() const { return holder_; }

 private:
  // Inserts free slices of run `run_id`; the caller holds mutex_ and a transaction.
  void add_slices(int64_t run_id, const std::vector<TimeSlice>& slices);

  std::string table_;
  std::string holder_;
  std::mutex mutex_;
  std::unique_ptr<store::Database> db_;
};

// The claimant name of run `run_id` in this process: "<machine>:<pid>:run <id>".
std::string slice_holder_name(int64_t run_id);

}  // namespace host::engine
