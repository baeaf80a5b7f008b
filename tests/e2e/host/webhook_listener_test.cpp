// Webhook deliveries over real sockets through http::Listener: 500 concurrent signed deliveries
// are all acknowledged and stored; oversized bodies and slow senders are cut off by the listener.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook_e2e_fixture.hpp"

namespace host::webhook::test {
namespace {

class WebhookListenerTest : public WebhookConnectionFixture {
 protected:
  void SetUp() override { open("k", "s"); }

  void listen(http::ListenerOptions options) {
    options.address = "127.0.0.1";
    options.port = 0;
    listener_ = std::make_unique<http::Listener>(
        options, [this](const http::IncomingRequest& request) { return (*handler_)(request); });
    url_ = "http://127.0.0.1:" + std::to_string(listener_->port()) + kDeliveryPath;
  }

  http::Response send(http::Client& client, const std::string& body, const std::string& method,
                      const std::string& signature) const {
    http::Request request;
    request.method = method;
    request.url = url_;
    request.headers = {{"Content-Type", "application/json"}, {"Authorization", signature}};
    request.body = body;
    return client.send(request);
  }

  // Sends raw bytes, then reads until the server closes (at most `wait`); returns what came back.
  std::string raw_exchange(const std::string& bytes, std::chrono::milliseconds wait) const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(listener_->port());
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    timeval timeout{static_cast<time_t>(wait.count() / 1000),
                    static_cast<suseconds_t>((wait.count() % 1000) * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    EXPECT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
    std::string received;
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;  // closed, reset, or the wait ran out
      received.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return received;
  }

  std::unique_ptr<http::Listener> listener_;
  std::string url_;
};

TEST_F(WebhookListenerTest, FiveHundredConcurrentDeliveriesAreAllAcknowledgedAndStored) {
  http::ListenerOptions options;
  options.threads = 32;  // as `connector-host listen` runs it
  listen(options);
  constexpr int kDeliveries = 500;
  http::ClientOptions client_options;
  client_options.max_idle_per_origin = kDeliveries;
  http::Client client(client_options);

  std::atomic<int> acknowledged{0};
  std::vector<std::chrono::steady_clock::duration> latencies(kDeliveries);
  std::vector<std::thread> senders;
  std::atomic<bool> go{false};
  senders.reserve(kDeliveries);
  for (int i = 0; i < kDeliveries; ++i) {
    senders.emplace_back([&, i] {
      const std::string body = delivery_body("concurrent-" + std::to_string(i));
      const std::string signature = tiktok_signature("s", "k", body);
      while (!go.load()) std::this_thread::yield();
      const auto start = std::chrono::steady_clock::now();
      const http::Response response = send(client, body, "POST", signature);
      latencies[static_cast<size_t>(i)] = std::chrono::steady_clock::now() - start;
      if (response.ok() && response.status == 200 && response.body.empty()) ++acknowledged;
    });
  }
  const auto started = std::chrono::steady_clock::now();
  go = true;
  for (auto& t : senders) t.join();
  const auto total = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(acknowledged.load(), kDeliveries);
  EXPECT_EQ(inbox_rows(), kDeliveries);
  // Reported, not asserted: wall-clock limits depend on the machine.
  const auto max_latency = *std::max_element(latencies.begin(), latencies.end());
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  RecordProperty("max_ack_latency_ms", std::to_string(ms(max_latency)));
  RecordProperty("total_ms", std::to_string(ms(total)));
  std::cout << "[ webhook ] " << kDeliveries << " concurrent deliveries: max ack latency "
            << ms(max_latency) << " ms, all done in " << ms(total) << " ms\n";
}

TEST_F(WebhookListenerTest, RepeatedDeliveriesOverTheWireAreStoredOnce) {
  listen({});
  http::Client client;
  const std::string body = delivery_body("n-1");
  const std::string signature = tiktok_signature("s", "k", body);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(send(client, body, "POST", signature).status, 200);
  EXPECT_EQ(send(client, body, "POST", tiktok_signature("x", "k", body)).status, 401);
  EXPECT_EQ(send(client, body, "PUT", signature).status, 405);
  EXPECT_EQ(inbox_rows(), 1);
}

TEST_F(WebhookListenerTest, ABodyOverTheLimitGets413AndNothingIsStored) {
  http::ListenerOptions options;
  options.max_body_bytes = 1024;
  listen(options);
  http::Client client;
  const std::string body = delivery_body(std::string(2000, 'x'));
  const http::Response response = send(client, body, "POST", tiktok_signature("s", "k", body));
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookListenerTest, ASlowSenderIsCutOffAndNothingIsStored) {
  http::ListenerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  listen(options);
  const std::string body = delivery_body("slow");
  const std::string head = "POST /webhooks/tiktok HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                           tiktok_signature("s", "k", body) +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  // Half the body, then silence: the listener must give up on its own.
  const auto start = std::chrono::steady_clock::now();
  const std::string answer =
      raw_exchange(head + body.substr(0, body.size() / 2), std::chrono::milliseconds(5'000));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::milliseconds(5'000)) << "the listener never closed";
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_EQ(inbox_rows(), 0);
}

}  // namespace
}  // namespace host::webhook::test
