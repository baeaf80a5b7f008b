// listener_session.hpp: what the listener shares with the connections it serves, and the entry
// that starts serving one accepted connection.
//
// Internal to host_http: it includes Asio, so only http/*.cpp files include it.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "http/http_listener.hpp"

namespace host::http {

// One served connection, as seen by Listener::stop().
class ListenerSession {
 public:
  virtual ~ListenerSession() = default;
  // THREADING: any thread. Closes the connection soon, unless a response is being produced or
  // written, in which case it closes right after that response.
  virtual void stop() = 0;
};

// THREADING: options and handler are read-only after construction; `sessions` under `mutex`.
struct ListenerState {
  ListenerOptions options;
  Listener::Handler handler;
  std::atomic<bool> stopping{false};  // set once, under `mutex`
  std::mutex mutex;
  std::unordered_map<const ListenerSession*, std::weak_ptr<ListenerSession>> sessions;
  // Connections turned away over options.max_connections, for the rate-limited warning.
  std::chrono::steady_clock::time_point last_refusal_log;
  size_t refused_since_log = 0;
};

// Serves HTTP/1.1 on `socket` (TLS when `tls` is not null; it must outlive the session) until the
// peer leaves, a limit or timeout ends the connection, or the listener stops. `socket` must have
// its own strand as executor. Registers the session in `state`, or closes at once when stopping.
// With options.max_connections sessions already open it serves nothing: the peer gets a 503
// (HTTPS: a close) and a warning is logged.
void start_listener_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                            const std::shared_ptr<ListenerState>& state);

}  // namespace host::http
