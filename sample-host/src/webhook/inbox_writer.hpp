// inbox_writer.hpp: group commit for the webhook inbox.
//
// Every delivery must be durable (a committed, fsync'd transaction) before it is acknowledged,
// and SQLite serializes writers, so one fsync per delivery caps a listener at a few dozen
// deliveries per disk-sync time. The writer instead commits whatever deliveries are waiting as
// one transaction on its own thread: each caller still returns only after the transaction that
// holds its event has committed, but a burst of N deliveries costs a few fsyncs, not N.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.hpp"
#include "webhook/inbox_store.hpp"

namespace host::webhook {

// THREADING: store() may be called from many threads at once; each call blocks until its event
// is committed (or has failed). Destruction finishes the queued work, then joins the thread.
class InboxWriter {
 public:
  // Opens the state's database and migrates the webhook tables. `max_batch` bounds the events
  // per transaction. ERRORS: throws store::StoreError when the database cannot be opened.
  explicit InboxWriter(const store::StateLocation& state, size_t max_batch = 256);
  // The same for the SQLite database file at `path`.
  explicit InboxWriter(const std::filesystem::path& path, size_t max_batch = 256);
  ~InboxWriter();
  InboxWriter(const InboxWriter&) = delete;
  InboxWriter& operator=(const InboxWriter&) = delete;

  // Stores one verified delivery (see store_event) and returns once it is committed.
  // ERRORS: throws store::StoreError when its transaction failed (the event is then not stored).
  StoreOutcome store(std::string_view connection, const VerifiedEvent& event,
                     std::string_view raw_body, int64_t received_at);

 private:
  InboxWriter(std::unique_ptr<store::Database> db, size_t max_batch);
  struct Pending;
  void run();
  void commit(std::deque<Pending*>& batch);

  std::unique_ptr<store::Database> db_;  // used by the writer thread only, after construction
  const size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace host::webhook
