// rate_shares.hpp: one remote rate budget shared by every process that spends it, through the
// state they share (PostgreSQL): N hosts exporting one shop stay together under its limit.
//
// Each process that uses a budget key ("<app>/<shop>/<endpoint>", rate_limiter.hpp) keeps a row
// (key, claimant, heartbeat) in rate_users, beats it every kBeat and sets its bucket's share to
// 1/n, n the users whose heartbeat is fresh (kStale). Times are the database server's, so the
// hosts' clocks do not matter. A process joining a key takes its share at once and waits (at most
// kJoinWait) until every other fresh user has beaten after its row was committed: each of them
// then counted it, so the shares in force never add up to more than the budget. A process that
// leaves or dies is counted until its heartbeat is stale: the others go slower for those seconds,
// never faster.
//
// THREADING: join() from any thread (the registry calls it from the first caller of a key); the
// beats from a thread of its own. One database connection, used under a mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/calls/rate_limiter.hpp"
#include "store/database.hpp"

namespace host::engine {

class RateShares {
 public:
  static constexpr std::chrono::milliseconds kBeat{1000};
  static constexpr int64_t kStaleMs = 3500;
  static constexpr std::chrono::milliseconds kJoinWait{3000};

  // Shares through the PostgreSQL database at `database_uri`, as `claimant` ("HOST:PID").
  // ERRORS: throws store::StoreError when the database cannot be opened.
  RateShares(const std::string& database_uri, std::string claimant);
  ~RateShares();  // stops beating and removes this process's rows
  RateShares(const RateShares&) = delete;
  RateShares& operator=(const RateShares&) = delete;

  // Joins `key` for `bucket` (which must outlive this object, as the registry's buckets do).
  void join(const std::string& key, TokenBucket& bucket);

 private:
  void beat_all();
  void run();

  std::string claimant_;
  std::mutex db_mutex_;
  std::unique_ptr<store::Database> db_;
  std::mutex mutex_;  // guards joined_ and stopping_
  std::condition_variable wake_;
  std::vector<std::pair<std::string, TokenBucket*>> joined_;
  bool stopping_ = false;
  std::thread thread_;
};

// Makes this process's buckets (process_rate_limiters) share their budgets through `state` when
// it is in PostgreSQL; nothing for a SQLite state (one machine: its processes are not told of
// each other). The first PostgreSQL state of the process is the one; later calls do nothing.
// ERRORS: none; a database that cannot be used is logged and the buckets keep their whole rate.
void share_rate_budgets(const store::StateLocation& state);

}  // namespace host::engine
