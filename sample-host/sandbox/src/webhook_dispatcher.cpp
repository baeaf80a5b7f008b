// webhook_dispatcher.cpp: the delivery table, the retry timers and the delivery thread.
#include "webhook_dispatcher.hpp"

#include <random>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "request_signature.hpp"
#include "webhook_client.hpp"

namespace sandbox {

namespace net = boost::asio;

namespace {

constexpr int kMaxAttempts =
    1 + static_cast<int>(std::size(WebhookDispatcher::kRetryDelaysSeconds));

// 19-digit notification ids like TikTok's, starting from a random point so that two runs of the
// sandbox (against one receiver that remembers ids) do not reuse ids.
std::uint64_t random_id_base() {
  std::random_device rd;
  const std::uint64_t r = (static_cast<std::uint64_t>(rd()) << 32) | rd();
  return 7000000000000000000ULL + r % 1000000000000000000ULL;
}

}  // namespace

struct WebhookDispatcher::Io {
  explicit Io(std::chrono::milliseconds timeout)
      : work(net::make_work_guard(context)), client(context, timeout) {}
  net::io_context context;
  net::executor_work_guard<net::io_context::executor_type> work;
  WebhookClient client;
};

WebhookDispatcher::WebhookDispatcher(const SandboxOptions& options)
    : options_(options),
      io_(std::make_unique<Io>(std::chrono::milliseconds(options.webhook_timeout_ms))),
      next_id_(random_id_base()) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

bool WebhookDispatcher::start(std::string* error) {
  if (!io_->client.load_trust(options_.webhook_ca_file, error)) return false;
  thread_ = std::thread([this] { io_->context.run(); });
  return true;
}

void WebhookDispatcher::stop() {
  io_->work.reset();
  io_->context.stop();
  if (thread_.joinable()) thread_.join();
}

std::string WebhookDispatcher::deliver(const WebhookEvent& event, const std::string& shop_id,
                                       const std::string& address, std::int64_t timestamp) {
  std::size_t index = 0;
  std::string id;
  {
    std::lock_guard lock(mutex_);
    id = std::to_string(next_id_++);
    Delivery d;
    d.info.notification_id = id;
    d.info.type = event.type;
    d.info.shop_id = shop_id;
    d.info.address = address;
    d.info.state = "pending";
    d.body = webhook_body(event, id, shop_id, timestamp);
    d.signature = hmac_sha256_hex(options_.app_secret, options_.app_key + d.body);
    deliveries_.push_back(std::move(d));
    index = deliveries_.size() - 1;
    ++stats_.events;
    ++stats_.pending;
  }
  net::post(io_->context, [this, index] { attempt(index); });
  return id;
}

void WebhookDispatcher::attempt(std::size_t index) {
  std::string address, body, signature;
  {
    std::lock_guard lock(mutex_);
    Delivery& d = deliveries_[index];
    ++d.info.attempts;
    ++stats_.attempts;
    if (d.info.attempts > 1) ++stats_.retries;
    address = d.info.address;
    body = d.body;
    signature = d.signature;
  }
  io_->client.post(address, std::move(body),
                   {{"Content-Type", "application/json"}, {"Authorization", signature}},
                   [this, index](AttemptResult r) { on_result(index, r.acknowledged, r.summary); });
}

void WebhookDispatcher::on_result(std::size_t index, bool acknowledged,
                                  const std::string& summary) {
  int attempts = 0;
  {
    std::lock_guard lock(mutex_);
    Delivery& d = deliveries_[index];
    d.info.last_result = summary;
    ++d.info.finished_attempts;
    attempts = d.info.attempts;
    if (acknowledged || attempts >= kMaxAttempts) {
      d.info.state = acknowledged ? "acknowledged" : "given_up";
      --stats_.pending;
      ++(acknowledged ? stats_.acknowledged : stats_.given_up);
      return;
    }
  }
  const double seconds =
      static_cast<double>(kRetryDelaysSeconds[attempts - 1]) * options_.webhook_time_scale;
  auto timer = std::make_shared<net::steady_timer>(
      io_->context, std::chrono::microseconds(static_cast<std::int64_t>(seconds * 1e6)));
  timer->async_wait([this, index, timer](const boost::system::error_code& ec) {
    if (!ec) attempt(index);
  });
}

WebhookStats WebhookDispatcher::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<WebhookDeliveryInfo> WebhookDispatcher::deliveries() const {
  std::lock_guard lock(mutex_);
  std::vector<WebhookDeliveryInfo> out;
  out.reserve(deliveries_.size());
  for (const auto& d : deliveries_) out.push_back(d.info);
  return out;
}

std::vector<std::string> publish_events(const ShopData& shop,
                                        const std::vector<WebhookEvent>& events, std::int64_t now,
                                        WebhookDispatcher& dispatcher) {
  std::vector<std::string> ids;
  for (const auto& event : events) {
    const auto name = topic_name(event.type);
    if (!name) continue;
    auto sub = shop.webhooks.find(std::string(*name));
    if (sub == shop.webhooks.end()) continue;
    ids.push_back(dispatcher.deliver(event, shop.info.id, sub->second.address, now));
  }
  return ids;
}

}  // namespace sandbox
