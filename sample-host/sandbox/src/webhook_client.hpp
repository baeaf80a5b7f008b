// webhook_client.hpp: one webhook POST attempt over HTTP/1.1 (plain or TLS), with a deadline.
// A client written for the sandbox alone (Beast over Asio), so that the sandbox's deliveries do
// not depend on the host's HTTP code that the tests judge.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

namespace sandbox {

// How one attempt ended. `acknowledged` only for HTTP 200 (TikTok's rule); `summary` is the
// status code ("500") or what went wrong ("timeout", "connection refused", "bad address").
struct AttemptResult {
  bool acknowledged = false;
  std::string summary;
};

// THREADING: post() must be called on the io_context's thread (or before it runs); callbacks
// run there too. The io_context and the client must outlive every attempt they started.
class WebhookClient {
 public:
  // `ca_file` empty: trust the system's default CA store for https:// addresses.
  WebhookClient(boost::asio::io_context& io, std::chrono::milliseconds timeout);

  // Loads the trust store. Returns false with a message when `ca_file` cannot be used.
  bool load_trust(const std::string& ca_file, std::string* error);

  // POSTs `body` to `url` with `headers` (plus Host, Content-Length, Connection: close). Calls
  // `done` exactly once, with the outcome, within the timeout (give or take scheduling).
  void post(const std::string& url, std::string body,
            std::vector<std::pair<std::string, std::string>> headers,
            std::function<void(AttemptResult)> done);

 private:
  boost::asio::io_context& io_;
  std::chrono::milliseconds timeout_;
  boost::asio::ssl::context tls_;
};

}  // namespace sandbox
