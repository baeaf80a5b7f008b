// webhook_receiver.hpp: a local HTTP server for the tests that records every webhook POST and
// answers from a script (status and delay per request), written for the tests alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sandbox_test {

// One request as it arrived: the raw body bytes and the headers that matter.
struct ReceivedRequest {
  std::string method;
  std::string target;
  std::string body;
  std::string authorization;
  std::string content_type;
  std::chrono::steady_clock::time_point at;  // when the request was fully read
};

// How the receiver answers the n-th request (0-based); requests past the script get `kOk`.
struct ScriptedAnswer {
  int status = 200;
  std::chrono::milliseconds delay{0};  // wait this long before answering
};

// THREADING: every method is safe from the test thread while the receiver's thread runs.
class WebhookReceiver {
 public:
  // Listens on 127.0.0.1:`port` (0: an ephemeral port) and starts its thread.
  explicit WebhookReceiver(std::vector<ScriptedAnswer> script = {}, std::uint16_t port = 0);
  ~WebhookReceiver();

  std::uint16_t port() const;
  // "http://127.0.0.1:PORT/tiktok/webhooks"
  std::string url() const;
  // Waits until at least `count` requests arrived or `timeout` passed; returns all so far.
  std::vector<ReceivedRequest> wait_for(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<ReceivedRequest> received() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A port on 127.0.0.1 where nothing listens (bound once, then released).
std::uint16_t closed_port();

}  // namespace sandbox_test
