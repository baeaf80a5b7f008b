// webhook_fixture.hpp: a signed-in sandbox with compressed webhook time, subscriptions and the
// tests' own check of a delivery's signature.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "sandbox_fixture.hpp"
#include "webhook_receiver.hpp"

namespace sandbox_test {

class WebhookTest : public SandboxTest {
 protected:
  // Starts a sandbox with `time_scale` and `timeout_ms` and signs in.
  void start_sandbox(double time_scale, int timeout_ms = 3000, const std::string& ca_file = "");
  // PUT /event/202309/webhooks for the first shop; fails the test unless code 0.
  void subscribe(const std::string& event_type, const std::string& address);
  std::string shop_id() const { return server_->shops().front().id; }
  // The first ACTIVATE product's detail.
  Json first_live_product();
  // Expects `Authorization` = hex HMAC-SHA256(app_secret, app_key + raw body), computed here
  // with OpenSSL, and a JSON content type.
  void expect_signed(const ReceivedRequest& request) const;
  // Waits for exactly one delivery at `receiver`, checks its signature, returns its body parsed.
  Json receive_one_signed(WebhookReceiver& receiver);
  // Expects the sandbox's webhook counters to be these, with nothing pending.
  void expect_counts(std::uint64_t attempts, std::uint64_t retries, std::uint64_t acknowledged,
                     std::uint64_t given_up);
  // POSTs `body` to a /__sandbox/webhooks/... admin path; returns the parsed answer.
  Json admin(const std::string& path, const std::string& body);
  // Polls `done` every 5 ms until it holds or `timeout` passes; returns its last value.
  static bool wait_until(const std::function<bool()>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
};

}  // namespace sandbox_test
