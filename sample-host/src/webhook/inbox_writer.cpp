#include "webhook/inbox_writer.hpp"

#include <exception>

#include "webhook/webhook_tables.hpp"

namespace host::webhook {

// One caller's event, living on the caller's stack while it waits.
struct InboxWriter::Pending {
  Pending(std::string_view c, const VerifiedEvent& e, std::string_view b, int64_t r)
      : connection(c), event(&e), raw_body(b), received_at(r) {}
  std::string_view connection;
  const VerifiedEvent* event;
  std::string_view raw_body;
  int64_t received_at;
  bool done = false;
  StoreOutcome outcome = StoreOutcome::kDuplicate;
  std::exception_ptr failure;
};

InboxWriter::InboxWriter(const store::StateLocation& state, size_t max_batch)
    : InboxWriter(store::Database::open(state), max_batch) {}

InboxWriter::InboxWriter(const std::filesystem::path& path, size_t max_batch)
    : InboxWriter(store::Database::open(path), max_batch) {}

InboxWriter::InboxWriter(std::unique_ptr<store::Database> db, size_t max_batch)
    : db_(std::move(db)), max_batch_(max_batch == 0 ? 1 : max_batch) {
  migrate_webhook_tables(*db_);
  thread_ = std::thread([this] { run(); });
}

InboxWriter::~InboxWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

StoreOutcome InboxWriter::store(std::string_view connection, const VerifiedEvent& event,
                                std::string_view raw_body, int64_t received_at) {
  Pending pending(connection, event, raw_body, received_at);
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  wake_.notify_all();
  wake_.wait(lock, [&] { return pending.done; });
  if (pending.failure) std::rethrow_exception(pending.failure);
  return pending.outcome;
}

void InboxWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::deque<Pending*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    commit(batch);
    lock.lock();
    for (Pending* p : batch) p->done = true;
    wake_.notify_all();
  }
}

void InboxWriter::commit(std::deque<Pending*>& batch) {
  try {
    std::vector<StoreOutcome> outcomes;
    db_->transaction([&] {
      outcomes.clear();
      for (Pending* p : batch) {
        outcomes.push_back(store_event_in_transaction(*db_, p->connection, *p->event, p->raw_body,
                                                      p->received_at));
      }
    });
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->outcome = outcomes[i];
    return;
  } catch (...) {
    if (batch.size() == 1) {
      batch.front()->failure = std::current_exception();
      return;
    }
  }
  // The shared transaction failed: one event may be at fault, so each gets its own chance.
  for (Pending* p : batch) {
    try {
      p->outcome = store_event(*db_, p->connection, *p->event, p->raw_body, p->received_at);
    } catch (...) {
      p->failure = std::current_exception();
    }
  }
}

}  // namespace host::webhook
