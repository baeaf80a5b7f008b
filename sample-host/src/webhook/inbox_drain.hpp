// inbox_drain.hpp: delivers a connection's webhook inbox to a JSON Lines file (a listener flow).
//
// Line format, one event per line, minified:
//   {"connection":"shop-a","event_id":"...","event_type":"ORDER_STATUS_CHANGE","account_id":"...",
//    "occurred_at":1664095733,"received_at":1700000000,"body":{...the delivery's JSON...}}
// "body" is the verified delivery body, minified (the same JSON value, whitespace removed).
//
// Durability order, per batch: append the lines, fsync the file (and its directory when the file
// was created), and only then mark the batch delivered in one transaction. A crash between the
// fsync and the commit leaves the events undelivered, so the next drain writes them again: a
// duplicate line is possible, a lost event is not. Consumers drop duplicates by "event_id".
// A torn last line left by a crash during the write is closed with a newline before appending,
// so it stands alone (an unparseable line) instead of corrupting the next event's line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "store/database.hpp"

namespace host::webhook {

struct DrainOptions {
  size_t batch_size = 500;  // events read, written and marked per transaction; memory bound
  // Called after a batch is on disk and before it is marked delivered. Tests throw from it to
  // simulate a crash at the worst moment; production leaves it empty.
  std::function<void()> after_write_synced;
  // Unix seconds for delivered_at; empty = the system clock.
  std::function<int64_t()> now_unix_seconds;
};

struct DrainResult {
  uint64_t events = 0;  // lines written and marked delivered by this call
  uint64_t batches = 0;
};

// Appends every undelivered event of `connection` to `output` (created if missing, 0644) and
// marks them delivered, batch by batch, as described above. Two drains of one output file do not
// interleave (an exclusive flock on the file for the whole call).
// THREADING: as Database. ERRORS: throws std::runtime_error naming the file and the cause (or
// store::StoreError); every batch committed before the failure stays delivered, and every event
// of the failed batch stays undelivered.
DrainResult drain_inbox(store::Database& db, std::string_view connection,
                        const std::filesystem::path& output, const DrainOptions& options = {});

}  // namespace host::webhook
