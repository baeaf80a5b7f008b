// The run history's rows: a run's start, live counts and end; lists by flow and by failure; a
// row whose process died reads as interrupted.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "ended_process.hpp"
#include "store/database.hpp"
#include "store/run_history.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace {

using namespace host::store;

class StoreRunHistoryTest : public test_support::BackendTest<> {
 protected:
  StoreRunHistoryTest() : BackendTest("store_runs") {}
  std::unique_ptr<Database> db_ = state_.open();

  int64_t begin(const std::string& flow, const std::string& shop = "shop-1") {
    return begin_run(*db_,
                     {flow, "/flows/" + flow + ".json", "export", "conn", shop, "delta", "cli"});
  }
  void finish(int64_t id, const std::string& outcome, const std::string& error = "") {
    RunEnd end;
    end.outcome = outcome;
    end.step = "records";
    end.error = error;
    finish_run(*db_, id, end);
  }
};

TEST_P(StoreRunHistoryTest, ARunIsRunningWithItsCountsUntilItEnds) {
  const int64_t id = begin("orders");
  RunCounts live;
  live.records = 40;
  live.requests = 5;
  update_run_counts(*db_, id, live);
  auto running = find_run(*db_, id);
  ASSERT_TRUE(running);
  EXPECT_TRUE(running->running());
  EXPECT_EQ(running->outcome, kRunRunning);
  EXPECT_EQ(running->pid, static_cast<int64_t>(::getpid()));
  EXPECT_EQ(running->counts.records, 40U);
  EXPECT_EQ(running->start.flow_file, "/flows/orders.json");
  EXPECT_EQ(running->start.started_by, "cli");

  RunEnd end;
  end.outcome = "succeeded";
  end.step = "records";
  end.shop = "7000001";
  end.counts.records = 100;
  end.counts.pages = 3;
  end.counts.rate_limited = 2;
  end.cursor_before = 1700000000;
  end.cursor_after = 1700003600;
  end.output = "/out/orders.jsonl";
  finish_run(*db_, id, end);
  const auto ended = find_run(*db_, id);
  ASSERT_TRUE(ended);
  EXPECT_FALSE(ended->running());
  EXPECT_GE(*ended->ended_at_ms, ended->started_at_ms);
  EXPECT_EQ(ended->outcome, "succeeded");
  EXPECT_FALSE(ended->failed());
  EXPECT_EQ(ended->start.shop, "7000001");  // the scope the run resolved
  EXPECT_EQ(ended->counts.records, 100U);
  EXPECT_EQ(ended->counts.pages, 3U);
  EXPECT_EQ(ended->counts.rate_limited, 2U);
  EXPECT_EQ(ended->cursor_before, 1700000000);
  EXPECT_EQ(ended->cursor_after, 1700003600);
  EXPECT_EQ(ended->output, "/out/orders.jsonl");

  // An ended row keeps its end: a late progress write or a second end changes nothing.
  live.records = 1;
  update_run_counts(*db_, id, live);
  finish(id, "failed", "late");
  EXPECT_EQ(find_run(*db_, id)->outcome, "succeeded");
  EXPECT_EQ(find_run(*db_, id)->counts.records, 100U);
}

TEST_P(StoreRunHistoryTest, ARunKeepsItsFirstFailuresInOrderWithMessagesCut) {
  const int64_t id = begin("inventory");
  const int64_t other = begin("inventory");
  std::vector<RunFailure> batch;
  for (int64_t line = 1; line <= 60; ++line) {
    batch.push_back({line, "key-" + std::to_string(line), "INVALID_INPUT", "bad line"});
  }
  add_run_failures(*db_, id, batch);
  batch[0].message = std::string(kMaxRunFailureMessage + 50, 'm');
  add_run_failures(*db_, id, batch);  // only 40 of these fit
  add_run_failures(*db_, other, {{9, "k", "12052700", "refused"}});
  const auto run = find_run(*db_, id);
  ASSERT_TRUE(run);
  ASSERT_EQ(run->failures.size(), kMaxRunFailures);
  EXPECT_EQ(run->failures[0].line, 1);
  EXPECT_EQ(run->failures[0].key, "key-1");
  EXPECT_EQ(run->failures[59].line, 60);
  EXPECT_EQ(run->failures[60].line, 1);
  EXPECT_EQ(run->failures[60].message.size(), kMaxRunFailureMessage);
  EXPECT_EQ(run->failures.back().line, 40);
  const auto second = find_run(*db_, other);
  ASSERT_EQ(second->failures.size(), 1U);
  EXPECT_EQ(second->failures[0].code, "12052700");
}

TEST_P(StoreRunHistoryTest, ListsNewestFirstByFlowAndByFailure) {
  const int64_t a = begin("orders");
  finish(a, "succeeded");
  const int64_t b = begin("products");
  finish(b, "failed", "export failed: boom");
  const int64_t c = begin("orders");
  finish(c, "refused", "output taken");
  const int64_t d = begin("orders");  // still running

  std::vector<int64_t> ids;
  for (const auto& r : list_runs(*db_, {})) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{d, c, b, a}));

  ids.clear();
  for (const auto& r : list_runs(*db_, {.flow = "orders"})) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{d, c, a}));

  ids.clear();
  for (const auto& r : list_runs(*db_, {.failed = true})) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{c, b}));

  ids.clear();
  for (const auto& r : list_runs(*db_, {.flow = "orders", .failed = true, .limit = 1})) {
    ids.push_back(r.id);
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{c}));
  EXPECT_EQ(list_runs(*db_, {.limit = 2}).size(), 2U);
  EXPECT_FALSE(find_run(*db_, d + 100));
}

TEST_P(StoreRunHistoryTest, ARowWhoseProcessDiedReadsAsInterrupted) {
  const int64_t alive = begin("orders");
  // A row another process began and never ended: that process is gone.
  const pid_t child = test_support::pid_of_an_ended_process();
  const int64_t dead = begin("products");
  db_->prepare("UPDATE flow_runs SET pid = ?1 WHERE id = ?2")
      .bind(1, static_cast<int64_t>(child))
      .bind(2, dead)
      .run();

  const auto runs = list_runs(*db_, {.failed = true});
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].id, dead);
  EXPECT_EQ(runs[0].outcome, kRunInterrupted);
  EXPECT_FALSE(runs[0].running());
  EXPECT_NE(runs[0].error.find("pid " + std::to_string(child)), std::string::npos) << runs[0].error;
  EXPECT_TRUE(find_run(*db_, alive)->running());  // this process is alive
}

// With the state in PostgreSQL several machines share the rows: a pid recorded by another
// machine says nothing here, so this machine leaves that row running.
TEST_P(StoreRunHistoryTest, ARowOfAnotherMachineIsNotJudgedByThisOnesPids) {
  const pid_t child = test_support::pid_of_an_ended_process();
  const int64_t elsewhere = begin("orders");
  db_->prepare("UPDATE flow_runs SET pid = ?1, host = 'another-machine' WHERE id = ?2")
      .bind_all(static_cast<int64_t>(child), elsewhere)
      .run();
  EXPECT_TRUE(list_runs(*db_, {.failed = true}).empty());
  EXPECT_TRUE(find_run(*db_, elsewhere)->running());
}

// One fire, one run: the first serve process to claim a fire has it; every other is told no.
TEST_P(StoreRunHistoryTest, AFireIsClaimedOnceAndItsClaimantIsKnown) {
  EXPECT_TRUE(claim_fire(*db_, "orders", 1000, "host-a:1"));
  auto other = state_.open();
  EXPECT_FALSE(claim_fire(*other, "orders", 1000, "host-b:2"));
  EXPECT_EQ(fire_claimant(*other, "orders", 1000), "host-a:1");
  EXPECT_TRUE(claim_fire(*other, "orders", 1060, "host-b:2"));    // the next fire
  EXPECT_TRUE(claim_fire(*other, "products", 1000, "host-b:2"));  // another flow's
  EXPECT_EQ(fire_claimant(*db_, "orders", 999), "");
  // Claims a week older than the newest are forgotten.
  EXPECT_TRUE(claim_fire(*db_, "orders", 1000 + 8 * 24 * 3600, "host-a:1"));
  EXPECT_EQ(fire_claimant(*db_, "orders", 1000), "");
}

// Two processes claiming the same fires at once: each fire goes to exactly one of them.
TEST_P(StoreRunHistoryTest, ClaimsRacingForTheSameFiresEachWinOnce) {
  constexpr int kFires = 40;
  std::atomic<int> won{0};
  std::vector<std::thread> claimants;
  claimants.reserve(3);
  for (int c = 0; c < 3; ++c) {
    claimants.emplace_back([&, c] {
      auto db = state_.open();
      for (int fire = 0; fire < kFires; ++fire) {
        if (claim_fire(*db, "orders", int64_t{60} * fire, "c" + std::to_string(c))) ++won;
      }
    });
  }
  for (auto& t : claimants) t.join();
  EXPECT_EQ(won.load(), kFires);
}

STORE_TESTS_ON_BOTH_BACKENDS(StoreRunHistoryTest);

}  // namespace
