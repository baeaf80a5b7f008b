#include "engine/flows/rate_shares.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>
#include <string_view>

#include "log/log_sink.hpp"
#include "store/database_clock.hpp"
#include "store/process_alive.hpp"

namespace host::engine {
namespace {

constexpr std::array<std::string_view, 1> kMigrations = {
    "CREATE TABLE rate_users ("
    "  budget TEXT NOT NULL,"
    "  claimant TEXT NOT NULL,"
    "  heartbeat_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (budget, claimant));"};

void beat(store::Database& db, const std::string& key, const std::string& claimant) {
  db.prepare(
        "INSERT INTO rate_users(budget, claimant, heartbeat_ms) VALUES (?1, ?2, " +
        store::database_now_ms(db) +
        ") ON CONFLICT (budget, claimant) DO UPDATE SET heartbeat_ms = " + "excluded.heartbeat_ms")
      .bind_all(key, claimant)
      .run();
}

int64_t fresh_users(store::Database& db, const std::string& key) {
  auto count = db.prepare("SELECT count(*) FROM rate_users WHERE budget = ?1 AND heartbeat_ms >= " +
                          store::database_now_ms(db) + " - ?2");
  count.bind_all(key, RateShares::kStaleMs);
  return count.step() ? std::max<int64_t>(count.column_int(0), 1) : 1;
}

}  // namespace

RateShares::RateShares(const std::string& database_uri, std::string claimant)
    : claimant_(std::move(claimant)), db_(store::Database::open_postgresql(database_uri)) {
  db_->migrate("rate_shares", kMigrations);
  thread_ = std::thread([this] { run(); });
}

RateShares::~RateShares() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  try {
    std::lock_guard db_lock(db_mutex_);
    db_->prepare("DELETE FROM rate_users WHERE claimant = ?1").bind(1, claimant_).run();
  } catch (...) {
    // The rows go stale within kStaleMs.
  }
}

void RateShares::join(const std::string& key, TokenBucket& bucket) {
  int64_t committed_ms = 0;
  {
    std::lock_guard db_lock(db_mutex_);
    int64_t users = 1;
    db_->transaction([&] {
      beat(*db_, key, claimant_);
      users = fresh_users(*db_, key);
    });
    bucket.set_share(1.0 / static_cast<double>(users));
    auto now = db_->prepare("SELECT " + store::database_now_ms(*db_));
    if (now.step()) committed_ms = now.column_int(0);
  }
  // Every other fresh user beats (and counts, in the same transaction) after our row committed.
  const auto deadline = std::chrono::steady_clock::now() + kJoinWait;
  while (std::chrono::steady_clock::now() < deadline) {
    int64_t behind = 0;
    {
      std::lock_guard db_lock(db_mutex_);
      auto select = db_->prepare(
          "SELECT count(*) FROM rate_users WHERE budget = ?1 AND claimant <> ?2 AND"
          " heartbeat_ms <= ?3 AND heartbeat_ms >= " +
          store::database_now_ms(*db_) + " - ?4");
      select.bind_all(key, claimant_, committed_ms, kStaleMs);
      if (select.step()) behind = select.column_int(0);
    }
    if (behind == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::lock_guard lock(mutex_);
  joined_.emplace_back(key, &bucket);
}

void RateShares::beat_all() {
  std::vector<std::pair<std::string, TokenBucket*>> keys;
  {
    std::lock_guard lock(mutex_);
    keys = joined_;
  }
  if (keys.empty()) return;
  std::vector<int64_t> users(keys.size(), 1);
  {
    std::lock_guard db_lock(db_mutex_);
    db_->transaction([&] {
      for (size_t i = 0; i < keys.size(); ++i) {
        beat(*db_, keys[i].first, claimant_);
        users[i] = fresh_users(*db_, keys[i].first);
      }
    });
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    keys[i].second->set_share(1.0 / static_cast<double>(users[i]));
  }
}

void RateShares::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      beat_all();
    } catch (const std::exception& e) {
      // The shares stay as they were; beats that keep failing for kStaleMs make the others count
      // this process out (the state is then out of reach for its runs too).
      log::warn("rate", std::string("cannot share the rate budgets: ") + e.what());
    }
    lock.lock();
    wake_.wait_for(lock, kBeat, [this] { return stopping_; });
  }
}

void share_rate_budgets(const store::StateLocation& state) {
  if (!state.in_postgresql()) return;
  static std::mutex mutex;
  static std::unique_ptr<RateShares> shares;
  std::lock_guard lock(mutex);
  if (shares) return;
  try {
    shares = std::make_unique<RateShares>(state.database_uri,
                                          store::this_host() + ":" + std::to_string(::getpid()));
  } catch (const std::exception& e) {
    log::warn("rate", std::string("rate budgets are not shared with other hosts: ") + e.what());
    return;
  }
  RateShares* raw = shares.get();
  process_rate_limiters().set_join(
      [raw](const std::string& key, TokenBucket& bucket) { raw->join(key, bucket); });
}

}  // namespace host::engine
