// The inbox writer's group commit: every caller returns after its own event is committed, with
// the right outcome, however many callers share a transaction.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "test_directory.hpp"
#include "webhook/inbox_writer.hpp"

namespace host::webhook {
namespace {

VerifiedEvent order_event(std::string id) {
  VerifiedEvent e;
  e.event_id = std::move(id);
  e.event_type = "ORDER_STATUS_CHANGE";
  return e;
}

TEST(WebhookInboxWriter, ConcurrentCallersAreAllCommittedAndEachSeesItsOwnOutcome) {
  test_support::TestDirectory dir{"webhook"};
  InboxWriter writer(dir.path() / "state.db", 16);
  constexpr int kThreads = 64;
  std::atomic<int> stored{0};
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    // Pairs of threads deliver the same event id: exactly one of each pair stores it.
    threads.emplace_back([&, i] {
      const StoreOutcome outcome =
          writer.store("shop-a", order_event("n" + std::to_string(i / 2)), "{}", 1);
      ++(outcome == StoreOutcome::kStored ? stored : duplicates);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(stored.load(), kThreads / 2);
  EXPECT_EQ(duplicates.load(), kThreads / 2);
  // Committed, as another connection sees it.
  auto db = store::Database::open(dir.path() / "state.db");
  EXPECT_EQ(count_events(*db, "shop-a", false), kThreads / 2);
}

TEST(WebhookInboxWriter, AFailedCommitIsReportedToTheCallerAndStoresNothing) {
  test_support::TestDirectory dir{"webhook"};
  InboxWriter writer(dir.path() / "state.db");
  auto db = store::Database::open(dir.path() / "state.db");
  db->exec("DROP TABLE webhook_inbox");
  EXPECT_THROW(writer.store("shop-a", order_event("n1"), "{}", 1), store::StoreError);
}

}  // namespace
}  // namespace host::webhook
