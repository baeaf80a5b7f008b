// database_pool.hpp: SQLite connections to one database file, lent to one thread at a time.
//
// A store::Database must not be shared by threads; a listener's handler threads each borrow one
// from the pool for the length of a request instead of opening the file per request.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.hpp"

namespace host::webhook {

// THREADING: acquire() may be called from many threads at once; a Lease belongs to the thread
// that holds it. The pool must outlive every Lease.
class DatabasePool {
 public:
  // `prepare` runs once on every newly opened connection (e.g. migrations); may be empty.
  explicit DatabasePool(std::filesystem::path path,
                        std::function<void(store::Database&)> prepare = {});

  // A connection lent until the Lease is destroyed (then returned to the pool).
  class Lease {
   public:
    Lease(DatabasePool& pool, std::unique_ptr<store::Database> db)
        : pool_(&pool), db_(std::move(db)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Database& operator*() const { return *db_; }
    store::Database* operator->() const { return db_.get(); }

   private:
    DatabasePool* pool_;
    std::unique_ptr<store::Database> db_;
  };

  // An idle connection, or a newly opened one. ERRORS: throws store::StoreError when the file
  // cannot be opened or `prepare` fails.
  Lease acquire();

  const std::filesystem::path& path() const { return path_; }

 private:
  void give_back(std::unique_ptr<store::Database> db);

  std::filesystem::path path_;
  std::function<void(store::Database&)> prepare_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Database>> idle_;
};

}  // namespace host::webhook
