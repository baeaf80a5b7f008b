// http_server.hpp: the sandbox's HTTP/1.1 (optionally TLS) transport over Boost.Beast.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sandbox/server.hpp"

namespace sandbox {

class SandboxApp;

// Accepts connections and feeds each request to a SandboxApp; keeps connections alive, bounds
// header and body sizes, disconnects silent peers and carries out transport faults.
// THREADING: listen() then run() once; stop() from any thread; the app must outlive it.
class HttpServer {
 public:
  // `certificate_pem`/`key_pem` non-empty: TLS.
  HttpServer(SandboxApp& app, const SandboxOptions& options, std::string certificate_pem,
             std::string key_pem);
  ~HttpServer();

  // Binds and listens. Returns false with a message on failure.
  bool listen(std::string* error);
  std::uint16_t port() const;
  // Starts `threads` I/O threads (at least one) and returns.
  void run(int threads);
  // Stops accepting, drops connections, joins the threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sandbox
