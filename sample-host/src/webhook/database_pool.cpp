#include "webhook/database_pool.hpp"

namespace host::webhook {

DatabasePool::DatabasePool(std::filesystem::path path,
                           std::function<void(store::Database&)> prepare)
    : path_(std::move(path)), prepare_(std::move(prepare)) {}

DatabasePool::Lease::~Lease() {
  if (db_ && pool_ != nullptr) pool_->give_back(std::move(db_));
}

DatabasePool::Lease DatabasePool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::Database> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  // Opening happens outside the lock: it touches the disk and may wait on the busy timeout.
  std::unique_ptr<store::Database> db = store::Database::open(path_);
  if (prepare_) prepare_(*db);
  return Lease(*this, std::move(db));
}

void DatabasePool::give_back(std::unique_ptr<store::Database> db) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(db));
}

}  // namespace host::webhook
