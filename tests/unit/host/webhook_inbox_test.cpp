// The webhook inbox: one transaction per delivery, de-duplication on (connection, event id), and
// the authorization alerts that SELLER_DEAUTHORIZATION / UPCOMING_AUTHORIZATION_EXPIRATION leave.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"
#include "webhook/authorization_alerts.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook/webhook_tables.hpp"

namespace host::webhook {
namespace {

class WebhookInboxTest : public test_support::BackendTest<> {
 protected:
  WebhookInboxTest() : BackendTest("webhook") {}
  void SetUp() override {
    db_ = state_.open();
    migrate_webhook_tables(*db_);
  }

  static VerifiedEvent event(std::string id, cnx_webhook_effect effect = CNX_WEBHOOK_EFFECT_NONE,
                             std::string shop = "7494726673780148744", int64_t occurred_at = 100) {
    VerifiedEvent e;
    e.event_id = std::move(id);
    e.event_type = effect == CNX_WEBHOOK_EFFECT_DEAUTHORIZED ? "SELLER_DEAUTHORIZATION"
                   : effect == CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING
                       ? "UPCOMING_AUTHORIZATION_EXPIRATION"
                       : "ORDER_STATUS_CHANGE";
    e.account_id = std::move(shop);
    e.occurred_at = occurred_at;
    e.effect = effect;
    return e;
  }

  std::unique_ptr<store::Database> db_;
};

TEST_P(WebhookInboxTest, StoresANewEventWithItsRawBodyBytes) {
  const std::string body = "{\"type\":1,\n  \"tts_notification_id\":\"n1\"}";
  EXPECT_EQ(store_event(*db_, "shop-a", event("n1"), body, 1000), StoreOutcome::kStored);
  const auto rows = read_undelivered(*db_, "shop-a", 0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].body, body);  // byte for byte, whitespace included
  EXPECT_EQ(rows[0].event_id, "n1");
  EXPECT_EQ(rows[0].event_type, "ORDER_STATUS_CHANGE");
  EXPECT_EQ(rows[0].account_id, "7494726673780148744");
  EXPECT_EQ(rows[0].occurred_at, 100);
  EXPECT_EQ(rows[0].received_at, 1000);
}

TEST_P(WebhookInboxTest, ARepeatedEventIdIsADuplicateAndKeepsTheFirstBody) {
  ASSERT_EQ(store_event(*db_, "shop-a", event("n1"), "{\"first\":1}", 1000), StoreOutcome::kStored);
  EXPECT_EQ(store_event(*db_, "shop-a", event("n1"), "{\"second\":2}", 1001),
            StoreOutcome::kDuplicate);
  EXPECT_EQ(count_events(*db_, "shop-a", false), 1);
  EXPECT_EQ(read_undelivered(*db_, "shop-a", 0, 10).at(0).body, "{\"first\":1}");
}

TEST_P(WebhookInboxTest, TheSameEventIdUnderAnotherConnectionIsAnotherEvent) {
  ASSERT_EQ(store_event(*db_, "shop-a", event("n1"), "{}", 1000), StoreOutcome::kStored);
  EXPECT_EQ(store_event(*db_, "shop-b", event("n1"), "{}", 1000), StoreOutcome::kStored);
  EXPECT_EQ(count_events(*db_, "shop-a", false), 1);
  EXPECT_EQ(count_events(*db_, "shop-b", false), 1);
}

TEST_P(WebhookInboxTest, AFailedStoreCommitsNothing) {
  // Dropping the alert table makes the alert write fail inside the delivery's transaction.
  db_->exec("DROP TABLE webhook_authorization_alerts");
  EXPECT_THROW(store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED), "{}", 1),
               store::StoreError);
  EXPECT_EQ(count_events(*db_, "shop-a", false), 0);
}

TEST_P(WebhookInboxTest, MarkingDeliveredHidesRowsFromTheUndeliveredList) {
  for (const char* id : {"a", "b", "c"}) store_event(*db_, "shop-a", event(id), "{}", 1);
  const auto rows = read_undelivered(*db_, "shop-a", 0, 10);
  ASSERT_EQ(rows.size(), 3u);
  mark_delivered(*db_, {rows[0].row_id, rows[2].row_id}, 50);
  const auto left = read_undelivered(*db_, "shop-a", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_id, "b");
  EXPECT_EQ(count_events(*db_, "shop-a", true), 1);
  EXPECT_EQ(count_events(*db_, "shop-a", false), 3);
}

TEST_P(WebhookInboxTest, ReadUndeliveredPagesByRowIdInArrivalOrder) {
  for (const char* id : {"a", "b", "c"}) store_event(*db_, "shop-a", event(id), "{}", 1);
  const auto first = read_undelivered(*db_, "shop-a", 0, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].event_id, "a");
  EXPECT_EQ(first[1].event_id, "b");
  const auto second = read_undelivered(*db_, "shop-a", first.back().row_id, 2);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].event_id, "c");
}

TEST_P(WebhookInboxTest, OrdinaryEventsLeaveNoAlert) {
  store_event(*db_, "shop-a", event("n1"), "{}", 1);
  EXPECT_TRUE(authorization_alerts(*db_, "shop-a").empty());
}

TEST_P(WebhookInboxTest, DeauthorizationMarksTheShopItNames) {
  store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111"), "{}", 7);
  const auto alerts = authorization_alerts(*db_, "shop-a");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].account_id, "111");
  EXPECT_EQ(alerts[0].kind, AlertKind::kDeauthorized);
  EXPECT_EQ(alerts[0].event_type, "SELLER_DEAUTHORIZATION");
  EXPECT_EQ(alerts[0].event_id, "d1");
  EXPECT_EQ(alerts[0].received_at, 7);
  EXPECT_EQ(alert_kind_name(alerts[0].kind), "deauthorized");
  EXPECT_TRUE(authorization_alerts(*db_, "shop-b").empty());
}

TEST_P(WebhookInboxTest, AnExpiryWithoutAShopMarksTheWholeConnection) {
  store_event(*db_, "shop-a", event("e1", CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING, ""), "{}", 1);
  const auto alerts = authorization_alerts(*db_, "shop-a");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].account_id, "");
  EXPECT_EQ(alerts[0].kind, AlertKind::kAuthorizationExpiring);
}

TEST_P(WebhookInboxTest, ALaterExpiryDoesNotWeakenADeauthorization) {
  store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111", 100), "{}", 1);
  store_event(*db_, "shop-a", event("e1", CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING, "111", 200),
              "{}", 2);
  const auto alerts = authorization_alerts(*db_, "shop-a");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::kDeauthorized);
  EXPECT_EQ(alerts[0].event_id, "d1");
}

TEST_P(WebhookInboxTest, ADeauthorizationUpgradesAnExpiry) {
  store_event(*db_, "shop-a", event("e1", CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING, "111"), "{}",
              1);
  store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111"), "{}", 2);
  const auto alerts = authorization_alerts(*db_, "shop-a");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::kDeauthorized);
}

TEST_P(WebhookInboxTest, ClearingRemovesOneShopOrAllOfAConnection) {
  store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111"), "{}", 1);
  store_event(*db_, "shop-a", event("d2", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "222"), "{}", 1);
  const std::string shop = "111";
  EXPECT_EQ(clear_authorization_alerts(*db_, "shop-a", &shop), 1);
  ASSERT_EQ(authorization_alerts(*db_, "shop-a").size(), 1u);
  EXPECT_EQ(authorization_alerts(*db_, "shop-a")[0].account_id, "222");
  EXPECT_EQ(clear_authorization_alerts(*db_, "shop-a"), 1);
  EXPECT_TRUE(authorization_alerts(*db_, "shop-a").empty());
}

TEST_P(WebhookInboxTest, AReplayedDeauthorizationDoesNotRaiseAClearedAlertAgain) {
  store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111"), "{}", 1);
  clear_authorization_alerts(*db_, "shop-a");
  EXPECT_EQ(
      store_event(*db_, "shop-a", event("d1", CNX_WEBHOOK_EFFECT_DEAUTHORIZED, "111"), "{}", 2),
      StoreOutcome::kDuplicate);
  EXPECT_TRUE(authorization_alerts(*db_, "shop-a").empty());
}

TEST(WebhookAlertsWithoutTables, ReadingAlertsOfAFreshDatabaseIsEmptyAndCreatesNothing) {
  test_support::TestDirectory dir{"webhook"};
  auto db = store::Database::open(dir.path() / "state.db");
  EXPECT_TRUE(authorization_alerts(*db, "shop-a").empty());
  EXPECT_EQ(clear_authorization_alerts(*db, "shop-a"), 0);
  store::Statement probe =
      db->prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'webhook_%'");
  ASSERT_TRUE(probe.step());
  EXPECT_EQ(probe.column_int(0), 0);
}

}  // namespace

STORE_TESTS_ON_BOTH_BACKENDS(WebhookInboxTest);

}  // namespace host::webhook
