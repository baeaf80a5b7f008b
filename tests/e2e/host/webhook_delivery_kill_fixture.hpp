// webhook_delivery_kill_fixture.hpp: an in-process sandbox with compressed webhook time, a saved
// and authorized connection for it, `connector-host listen` run as a subprocess that a test can
// SIGKILL and restart on the same port, events raised through the sandbox's admin endpoint, and
// the inbox drained to JSON Lines with `connector-host webhooks drain`.
#pragma once

#include <signal.h>

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "background_process.hpp"
#include "connection_e2e_fixture.hpp"
#include "http_test_client.hpp"

namespace webhook_kill_e2e {

inline constexpr const char* kConnection = "e2e-shop";
inline constexpr const char* kEventType = "ORDER_STATUS_CHANGE";  // TikTok type 1

// One line of the drained inbox that parsed, with the fields the tests check.
struct DrainedEvent {
  std::string event_id;
  std::string connection;
  std::string event_type;
};

// Checks the drained inbox against what the sandbox raised: one line per event, none missing,
// none twice, all for this connection and type, and every delivery the sandbox saw acknowledged
// is among them.
inline void expect_inbox_holds_exactly(
    const std::vector<DrainedEvent>& drained, const std::vector<std::string>& emitted,
    const std::vector<sandbox::WebhookDeliveryInfo>& deliveries) {
  std::map<std::string, int> times_drained;
  for (const auto& e : drained) {
    ++times_drained[e.event_id];
    EXPECT_EQ(e.connection, kConnection);
    EXPECT_EQ(e.event_type, kEventType);
  }
  for (const auto& [id, times] : times_drained) EXPECT_EQ(times, 1) << "event " << id;
  EXPECT_EQ(drained.size(), emitted.size());
  int missing = 0;
  for (const auto& id : emitted) missing += times_drained.count(id) == 0;
  EXPECT_EQ(missing, 0) << "emitted events missing from the inbox";
  int acknowledged_missing = 0;
  for (const auto& d : deliveries)
    if (d.state == "acknowledged")
      acknowledged_missing += times_drained.count(d.notification_id) == 0;
  EXPECT_EQ(acknowledged_missing, 0) << "acknowledged events missing from the inbox";
}

class WebhookDeliveryKillTest : public connection_e2e::ConnectionE2eTest {
 protected:
  // Starts the sandbox with `time_scale` (0.0005: retries after 60 ms, 900 ms, 5.4 s, 21.6 s),
  // saves and authorizes the connection, and subscribes the first shop's order events to the
  // listener's address (the listener itself is not started). `timeout_ms` is the sandbox's
  // deadline per attempt (TikTok's 3 s by default).
  void start_with_subscription(double time_scale, int timeout_ms = 3000) {
    options_.webhook_time_scale = time_scale;
    options_.webhook_timeout_ms = timeout_ms;
    options_.orders = 20;  // the seeded data plays no part here; keep start-up short
    options_.products = 10;
    start_sandbox();
    save_and_authorize(kConnection);
    shop_id_ = sandbox_->shops().front().id;
    listen_port_ = test_support::free_port();
    const auto out =
        host("webhooks set --connection " + std::string(kConnection) + " --shop " + shop_id_ +
             " --event-type " + kEventType + " --address " + listener_url());
    ASSERT_EQ(out.exit_code, 0) << out.output;
  }

  void TearDown() override {
    listener_.kill();
    ConnectionE2eTest::TearDown();
  }

  std::string listener_url() const {
    return "http://127.0.0.1:" + std::to_string(listen_port_) + "/webhooks/tiktok";
  }

  // Spawns `connector-host listen` on the fixed port, its output in a fresh log file, and waits
  // until it prints "listening on". Fails the test (with the log) if it exits first.
  void start_listener() {
    const std::string log = (dir_ / ("listener-" + std::to_string(++listener_starts_) + ".log"));
    const std::string address = "127.0.0.1:" + std::to_string(listen_port_);
    const std::string state = (dir_ / "state").string();
    listener_logs_.push_back(log);
    std::string error;
    ASSERT_TRUE(listener_.start({CONNECTOR_HOST_PATH, "--state", state, "--plugin-dir",
                                 CONNECTOR_PLUGIN_DIR, "--manifest-dir", MANIFEST_DIR, "listen",
                                 "--connection", kConnection, "--address", address},
                                log, "listening on", std::chrono::seconds(20), &error))
        << error;
  }

  // SIGKILLs the listener (no chance to finish anything) and reaps it.
  void kill_listener() { listener_.kill(); }

  // SIGSTOP / SIGCONT: a listener that stops answering without losing its sockets.
  void freeze_listener() { listener_.signal(SIGSTOP); }
  void thaw_listener() { listener_.signal(SIGCONT); }

  // SIGTERMs the listener and returns its exit code (-1 unless it exited normally).
  int stop_listener() { return listener_.stop(); }

  // Raises one ORDER_STATUS_CHANGE for the first shop through POST /__sandbox/webhooks/emit and
  // returns its tts_notification_id ("" when the sandbox did not answer with exactly one id).
  std::string emit_order_event(int n) const {
    const std::string body = R"({"shop_id":")" + shop_id_ + R"(","type":1,"data":{"order_id":")" +
                             std::to_string(5760000000 + n) +
                             R"(","order_status":"AWAITING_SHIPMENT","update_time":1700000000}})";
    const auto reply = test_support::http_once(sandbox_->port(), "POST", "/__sandbox/webhooks/emit",
                                               {{"content-type", "application/json"}}, body);
    simdjson::dom::parser parser;
    simdjson::dom::array ids;
    if (parser.parse(reply.body).at_pointer("/data/notification_ids").get_array().get(ids))
      return "";
    if (ids.size() != 1) return "";
    std::string_view id;
    if (ids.at(0).get_string().get(id)) return "";
    return std::string(id);
  }

  // Polls the sandbox until at least `retries` attempts were retries (or 30 s pass).
  bool wait_for_retries(std::uint64_t retries) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (sandbox_->stats().webhooks.retries < retries) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  // Polls the sandbox until no delivery is pending (or 90 s pass); returns whether it settled.
  bool wait_until_settled() const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (sandbox_->stats().webhooks.pending != 0) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  // Runs `webhooks drain` and parses every line of the file; a line that does not parse as a
  // JSON object with string event_id, connection and event_type fails the test.
  std::vector<DrainedEvent> drain() {
    const auto out_path = dir_ / "drained.jsonl";
    const auto out = host("webhooks drain --connection " + std::string(kConnection) + " --out " +
                          out_path.string());
    EXPECT_EQ(out.exit_code, 0) << out.output;
    std::vector<DrainedEvent> events;
    std::istringstream lines(test_support::file_bytes(out_path));
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(lines, line)) {
      simdjson::dom::object object;
      std::string_view id, connection, type;
      const bool ok = !parser.parse(line).get_object().get(object) &&
                      !object["event_id"].get_string().get(id) &&
                      !object["connection"].get_string().get(connection) &&
                      !object["event_type"].get_string().get(type);
      EXPECT_TRUE(ok) << "drained line does not parse: " << line;
      if (ok) events.push_back({std::string(id), std::string(connection), std::string(type)});
    }
    return events;
  }

  // Records how many repeats the listener logged, stops it (it exits 0) and checks the inbox it
  // leaves against `emitted` and the sandbox's deliveries (expect_inbox_holds_exactly).
  void stop_and_expect_inbox_holds_exactly(const std::vector<std::string>& emitted) {
    RecordProperty("duplicates_logged", std::to_string(duplicate_log_lines()));
    EXPECT_EQ(stop_listener(), 0);
    expect_inbox_holds_exactly(drain(), emitted, sandbox_->webhook_deliveries());
  }

  // Lines across every listener log that report a repeated event id (acknowledged, kept once).
  int duplicate_log_lines() const {
    int count = 0;
    for (const auto& log : listener_logs_) {
      std::istringstream lines(test_support::file_bytes(log));
      std::string line;
      while (std::getline(lines, line)) count += line.find("duplicate") != std::string::npos;
    }
    return count;
  }

  std::string shop_id_;
  uint16_t listen_port_ = 0;
  test_support::BackgroundProcess listener_;
  int listener_starts_ = 0;
  std::vector<std::string> listener_logs_;
};

}  // namespace webhook_kill_e2e
