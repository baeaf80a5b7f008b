// Draining the webhook inbox to JSON Lines: each event once, marked only after the file is
// synced, a crash between the two repeats (never loses) a line, and a torn tail stays apart.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simdjson.h>

#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ended_process.hpp"
#include "store/database.hpp"
#include "store/process_alive.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"
#include "webhook/inbox_drain.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook/webhook_tables.hpp"

namespace host::webhook {
namespace {

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// event_id of each line (parsing each as JSON; "<invalid>" for a line that does not parse).
std::vector<std::string> event_ids(const std::vector<std::string>& lines) {
  simdjson::dom::parser parser;
  std::vector<std::string> ids;
  for (const std::string& line : lines) {
    std::string_view id;
    if (parser.parse(line).get_object()["event_id"].get_string().get(id) == simdjson::SUCCESS) {
      ids.emplace_back(id);
    } else {
      ids.emplace_back("<invalid>");
    }
  }
  return ids;
}

class WebhookDrainTest : public test_support::BackendTest<> {
 protected:
  WebhookDrainTest() : BackendTest("webhook") {}
  void SetUp() override {
    db_ = state_.open();
    migrate_webhook_tables(*db_);
  }

  void store(const std::string& connection, const std::string& id, const std::string& body) {
    VerifiedEvent e;
    e.event_id = id;
    e.event_type = "ORDER_STATUS_CHANGE";
    e.account_id = "7494726673780148744";
    e.occurred_at = 1664095733;
    ASSERT_EQ(store_event(*db_, connection, e, body, 1700000000), StoreOutcome::kStored);
  }

  std::filesystem::path out() const { return state_.scratch() / "events.jsonl"; }

  std::unique_ptr<store::Database> db_;
};

TEST_P(WebhookDrainTest, WritesEachEventOnceAsAMinifiedLineAndMarksItDelivered) {
  store("shop-a", "n1",
        "{\n  \"type\": 1,\n  \"tts_notification_id\": \"n1\",\n  \"data\": {\"a\": \"x y\"}\n}");
  store("shop-a", "n2", "{\"type\":4}");
  store("shop-b", "n3", "{\"type\":5}");  // another connection's event stays put

  const DrainResult first = drain_inbox(*db_, "shop-a", out());
  EXPECT_EQ(first.events, 2u);
  const DrainResult second = drain_inbox(*db_, "shop-a", out());
  EXPECT_EQ(second.events, 0u);

  const auto lines = read_lines(out());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "{\"connection\":\"shop-a\",\"event_id\":\"n1\",\"event_type\":\"ORDER_STATUS_CHANGE\","
            "\"account_id\":\"7494726673780148744\",\"occurred_at\":1664095733,"
            "\"received_at\":1700000000,"
            "\"body\":{\"type\":1,\"tts_notification_id\":\"n1\",\"data\":{\"a\":\"x y\"}}}");
  EXPECT_EQ(event_ids(lines), (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(count_events(*db_, "shop-a", true), 0);
  EXPECT_EQ(count_events(*db_, "shop-b", true), 1);
}

TEST_P(WebhookDrainTest, LaterEventsAreAppendedAfterEarlierDrains) {
  store("shop-a", "n1", "{}");
  drain_inbox(*db_, "shop-a", out());
  store("shop-a", "n2", "{}");
  EXPECT_EQ(drain_inbox(*db_, "shop-a", out()).events, 1u);
  EXPECT_EQ(event_ids(read_lines(out())), (std::vector<std::string>{"n1", "n2"}));
}

TEST_P(WebhookDrainTest, BatchesCoverEveryEvent) {
  for (int i = 0; i < 7; ++i) store("shop-a", "n" + std::to_string(i), "{}");
  DrainOptions options;
  options.batch_size = 3;
  const DrainResult result = drain_inbox(*db_, "shop-a", out(), options);
  EXPECT_EQ(result.events, 7u);
  EXPECT_EQ(result.batches, 3u);
  EXPECT_EQ(read_lines(out()).size(), 7u);
}

TEST_P(WebhookDrainTest, ACrashAfterWritingBeforeMarkingRepeatsLinesButLosesNone) {
  for (int i = 0; i < 5; ++i) store("shop-a", "n" + std::to_string(i), "{}");
  DrainOptions crashing;
  crashing.batch_size = 2;
  int batches = 0;
  // The second batch is on disk when the "crash" happens; it was never marked.
  crashing.after_write_synced = [&] {
    if (++batches == 2) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(drain_inbox(*db_, "shop-a", out(), crashing), std::runtime_error);
  EXPECT_EQ(count_events(*db_, "shop-a", true), 3);  // n2, n3 written but unmarked; n4 unwritten

  EXPECT_EQ(drain_inbox(*db_, "shop-a", out()).events, 3u);
  const auto ids = event_ids(read_lines(out()));
  EXPECT_EQ(ids, (std::vector<std::string>{"n0", "n1", "n2", "n3", "n2", "n3", "n4"}));
  // A consumer that drops repeated event ids sees every event exactly once.
  std::map<std::string, int> seen;
  for (const auto& id : ids) ++seen[id];
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(count_events(*db_, "shop-a", true), 0);
}

TEST_P(WebhookDrainTest, ATornLastLineIsClosedBeforeNewLinesAreAppended) {
  {
    std::ofstream torn(out(), std::ios::binary);
    torn << "{\"event_id\":\"n0\"}\n{\"event_id\":\"half";
  }
  store("shop-a", "n1", "{}");
  drain_inbox(*db_, "shop-a", out());
  EXPECT_EQ(event_ids(read_lines(out())), (std::vector<std::string>{"n0", "<invalid>", "n1"}));
}

TEST_P(WebhookDrainTest, AnUnwritableOutputLeavesEventsUndelivered) {
  store("shop-a", "n1", "{}");
  EXPECT_THROW(drain_inbox(*db_, "shop-a", state_.scratch() / "missing-dir" / "out.jsonl"),
               std::runtime_error);
  EXPECT_EQ(count_events(*db_, "shop-a", true), 1);
}

}  // namespace

// Several drains at once (on PostgreSQL they may be on several hosts), each into its own file:
// every event is in exactly one of the files.
TEST_P(WebhookDrainTest, DrainsAtTheSameTimeTakeDisjointEventsAndTogetherAll) {
  constexpr int kEvents = 300;
  for (int i = 0; i < kEvents; ++i) store("shop-a", "n" + std::to_string(i), "{\"type\":1}");
  std::vector<std::thread> drains;
  drains.reserve(3);
  for (int d = 0; d < 3; ++d) {
    drains.emplace_back([this, d] {
      auto db = state_.open();
      for (int round = 0; round < 5; ++round) {
        drain_inbox(*db, "shop-a", state_.scratch() / ("drain" + std::to_string(d) + ".jsonl"),
                    {.batch_size = 7, .after_write_synced = {}, .now_unix_seconds = {}});
      }
    });
  }
  for (auto& t : drains) t.join();
  std::map<std::string, int> seen;
  for (int d = 0; d < 3; ++d) {
    for (const std::string& id :
         event_ids(read_lines(state_.scratch() / ("drain" + std::to_string(d) + ".jsonl")))) {
      ++seen[id];
    }
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kEvents));
  for (const auto& [id, times] : seen) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(count_events(*db_, "shop-a", true), 0);
}

// A drain whose process died holding events: a drain of the same machine takes them at once
// (another host's drain would after the claim's minute).
TEST_P(WebhookDrainTest, EventsHeldByADeadDrainOfThisMachineAreTakenAtOnce) {
  store("shop-a", "n1", "{\"type\":1}");
  store("shop-a", "n2", "{\"type\":1}");
  const pid_t child = test_support::pid_of_an_ended_process();
  const std::string dead = store::this_host() + ":" + std::to_string(child) + ":1";
  const auto now = static_cast<int64_t>(std::time(nullptr));
  ASSERT_EQ(claim_undelivered(*db_, "shop-a", dead, now, 600, 1).size(), 1u);
  // Held by a drain of another machine: left alone until its claim runs out.
  ASSERT_EQ(claim_undelivered(*db_, "shop-a", "elsewhere:1:1", now, 600, 1).size(), 1u);
  // The dead one's are free to this machine's drains; the other machine's wait.
  const DrainResult drained = drain_inbox(*db_, "shop-a", out());
  EXPECT_EQ(drained.events, 1u);
  const DrainResult later =
      drain_inbox(*db_, "shop-a", out(),
                  {.batch_size = 500, .after_write_synced = {}, .now_unix_seconds = [now] {
                     return now + 601;
                   }});
  EXPECT_EQ(later.events, 1u);
  EXPECT_EQ(event_ids(read_lines(out())).size(), 2u);
}

STORE_TESTS_ON_BOTH_BACKENDS(WebhookDrainTest);

}  // namespace host::webhook
