// http_listener.hpp: a small HTTP/1.1 server for the host's own endpoints (the OAuth callback,
// webhook deliveries), with bounded sizes and times so that a hostile peer cannot hold it.
//
// Beast and Asio stay out of this header (pimpl).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/http_client.hpp"  // Header

namespace host::http {

struct IncomingRequest {
  std::string method;
  std::string target;  // origin-form: path and query, still percent-encoded
  std::vector<Header> headers;
  std::string body;                                      // the raw bytes received
  std::string remote;                                    // peer address, for logs
  std::string_view header(std::string_view name) const;  // case-insensitive; empty if absent
};

struct OutgoingResponse {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
};

struct ListenerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;                               // 0: an ephemeral port, see Listener::port()
  size_t max_header_bytes = 16u << 10;             // larger: 431
  size_t max_body_bytes = 1u << 20;                // larger: 413
  std::chrono::milliseconds read_timeout{10'000};  // a slow sender is cut off: 408 / close
  size_t threads = 2;                              // handler threads
  // Connections open at once; one more is answered 503 and closed at accept (HTTPS: closed), with
  // a warning logged, while the open ones keep being served. Lowered, when the process's open-file
  // limit is smaller, to that limit minus 64, so sessions never exhaust the descriptors.
  size_t max_connections = 1024;
  std::filesystem::path tls_cert;  // both set: serve HTTPS
  std::filesystem::path tls_key;
};

// A request with "Expect: 100-continue" is answered "100 Continue" once its head is accepted (a
// declared body over max_body_bytes gets 413 first, so nothing is invited); another expectation
// gets 417.
//
// THREADING: the handler runs on the listener's threads, possibly concurrently; it must be
// thread-safe. Errors the handler throws become a 500 with no detail.
class Listener {
 public:
  using Handler = std::function<OutgoingResponse(const IncomingRequest&)>;

  // Binds and starts serving. ERRORS: throws std::runtime_error naming the address and cause.
  Listener(ListenerOptions options, Handler handler);
  ~Listener();  // stops and joins
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  uint16_t port() const;
  void stop();  // idempotent; in-flight requests finish
  // stop() may run on a handler thread: it then stops without waiting (the handler's own
  // response is still in flight) and the destructor joins. The destructor must not run there.

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace host::http
