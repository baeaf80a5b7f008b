// Draining the webhook inbox to JSON Lines: each event once, marked only after the file is
// synced, a crash between the two repeats (never loses) a line, and a torn tail stays apart.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/database.hpp"
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

class WebhookDrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::Database::open(dir_.path() / "state.db");
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

  std::filesystem::path out() const { return dir_.path() / "events.jsonl"; }

  test_support::TestDirectory dir_{"webhook"};
  std::unique_ptr<store::Database> db_;
};

TEST_F(WebhookDrainTest, WritesEachEventOnceAsAMinifiedLineAndMarksItDelivered) {
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

TEST_F(WebhookDrainTest, LaterEventsAreAppendedAfterEarlierDrains) {
  store("shop-a", "n1", "{}");
  drain_inbox(*db_, "shop-a", out());
  store("shop-a", "n2", "{}");
  EXPECT_EQ(drain_inbox(*db_, "shop-a", out()).events, 1u);
  EXPECT_EQ(event_ids(read_lines(out())), (std::vector<std::string>{"n1", "n2"}));
}

TEST_F(WebhookDrainTest, BatchesCoverEveryEvent) {
  for (int i = 0; i < 7; ++i) store("shop-a", "n" + std::to_string(i), "{}");
  DrainOptions options;
  options.batch_size = 3;
  const DrainResult result = drain_inbox(*db_, "shop-a", out(), options);
  EXPECT_EQ(result.events, 7u);
  EXPECT_EQ(result.batches, 3u);
  EXPECT_EQ(read_lines(out()).size(), 7u);
}

TEST_F(WebhookDrainTest, ACrashAfterWritingBeforeMarkingRepeatsLinesButLosesNone) {
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

TEST_F(WebhookDrainTest, ATornLastLineIsClosedBeforeNewLinesAreAppended) {
  {
    std::ofstream torn(out(), std::ios::binary);
    torn << "{\"event_id\":\"n0\"}\n{\"event_id\":\"half";
  }
  store("shop-a", "n1", "{}");
  drain_inbox(*db_, "shop-a", out());
  EXPECT_EQ(event_ids(read_lines(out())), (std::vector<std::string>{"n0", "<invalid>", "n1"}));
}

TEST_F(WebhookDrainTest, AnUnwritableOutputLeavesEventsUndelivered) {
  store("shop-a", "n1", "{}");
  EXPECT_THROW(drain_inbox(*db_, "shop-a", dir_.path() / "missing-dir" / "out.jsonl"),
               std::runtime_error);
  EXPECT_EQ(count_events(*db_, "shop-a", true), 1);
}

}  // namespace
}  // namespace host::webhook
