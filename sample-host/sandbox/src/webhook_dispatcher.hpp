// webhook_dispatcher.hpp: signed webhook deliveries with TikTok's retry schedule, on a thread of
// their own, kept in memory for the sandbox's lifetime.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sandbox/server.hpp"
#include "shop_data.hpp"
#include "webhook_events.hpp"

namespace sandbox {

class WebhookClient;

// THREADING: deliver(), stats() and deliveries() are safe from any thread; start() and stop()
// from the owner's thread. Deliveries never block the caller: attempts run on the dispatcher's
// own io_context thread.
class WebhookDispatcher {
 public:
  // Seconds TikTok waits before each retry (2 min, 30 min, 3 h, 12 h), before time scaling.
  static constexpr std::int64_t kRetryDelaysSeconds[] = {120, 1800, 10800, 43200};

  explicit WebhookDispatcher(const SandboxOptions& options);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Loads the CA file and starts the delivery thread. Returns false with a message when the CA
  // file cannot be used.
  bool start(std::string* error);
  // Drops every pending attempt and joins the thread. Idempotent. Counters stay readable.
  void stop();

  // Numbers `event`, signs its body (HMAC-SHA256(app_secret, app_key + body), lowercase hex)
  // and queues a delivery to `address`. Returns the tts_notification_id, the same on every retry.
  std::string deliver(const WebhookEvent& event, const std::string& shop_id,
                      const std::string& address, std::int64_t timestamp);

  WebhookStats stats() const;
  std::vector<WebhookDeliveryInfo> deliveries() const;

 private:
  struct Delivery {
    WebhookDeliveryInfo info;
    std::string body;
    std::string signature;
  };

  // Runs on the delivery thread.
  void attempt(std::size_t index);
  void on_result(std::size_t index, bool acknowledged, const std::string& summary);

  const SandboxOptions& options_;
  struct Io;
  std::unique_ptr<Io> io_;
  std::thread thread_;

  mutable std::mutex mutex_;         // guards everything below
  std::deque<Delivery> deliveries_;  // references stay valid as it grows
  WebhookStats stats_;
  std::uint64_t next_id_ = 0;
};

// Delivers each of `events` to `shop`'s subscribed address for its topic (events without a
// subscription are dropped, as TikTok does). Returns the notification ids of the deliveries.
// REQUIRES: the state mutex is held (the subscriptions are read).
std::vector<std::string> publish_events(const ShopData& shop,
                                        const std::vector<WebhookEvent>& events, std::int64_t now,
                                        WebhookDispatcher& dispatcher);

}  // namespace sandbox
