// http_listener.cpp: the listener's acceptor, its threads, and stop(). Each accepted connection
// gets its own strand and is served by listener_session.cpp.
#include "http/http_listener.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <stdexcept>
#include <thread>

#include "http/beast_names.hpp"
#include "http/listener_session.hpp"
#include "http/tls_context.hpp"

namespace host::http {

struct Listener::Impl {
  Impl(ListenerOptions options, Handler handler);
  void accept();
  void stop();

  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{asio::make_strand(io)};
  asio::steady_timer accept_retry{acceptor.get_executor()};
  std::unique_ptr<asio::ssl::context> tls;
  std::shared_ptr<ListenerState> state = std::make_shared<ListenerState>();
  uint16_t port = 0;
  std::mutex stop_mutex;  // serializes stop() callers; the threads are joined once
  std::vector<std::thread> threads;
};

Listener::Impl::Impl(ListenerOptions options, Handler handler) {
  const std::string where = options.address + ":" + std::to_string(options.port);
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw std::runtime_error("cannot listen on " + where +
                             ": HTTPS needs both a certificate and a key file");
  }
  if (!options.tls_cert.empty()) {
    TlsContextResult made = make_server_tls_context(options.tls_cert, options.tls_key);
    if (!made.context) throw std::runtime_error("cannot listen on " + where + ": " + made.error);
    tls = std::move(made.context);
  }

  error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
  const asio::ip::tcp::endpoint endpoint(address, options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  port = acceptor.local_endpoint().port();

  // Sessions must leave descriptors for everything else (the database, the connector's files).
  struct rlimit files {};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY &&
      files.rlim_cur > 128) {
    options.max_connections =
        std::min<size_t>(options.max_connections, static_cast<size_t>(files.rlim_cur) - 64);
  }
  state->options = std::move(options);
  state->handler = std::move(handler);
  accept();
  const size_t count = std::max<size_t>(1, state->options.threads);
  threads.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    threads.emplace_back([this] {
      for (;;) {
        try {
          io.run();
          return;
        } catch (...) {
          // A handler let something escape (sessions catch handler errors; this is resource
          // exhaustion): keep serving the other connections.
        }
      }
    });
  }
}

void Listener::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io),
                        [this](const error_code& ec, asio::ip::tcp::socket socket) {
                          if (!acceptor.is_open() || state->stopping) return;
                          if (!ec) {
                            start_listener_session(std::move(socket), tls.get(), state);
                            return accept();
                          }
                          // Out of descriptors or similar: retry shortly rather than spin.
                          accept_retry.expires_after(std::chrono::milliseconds(50));
                          accept_retry.async_wait([this](const error_code& wait_error) {
                            if (!wait_error && acceptor.is_open()) accept();
                          });
                        });
}

void Listener::Impl::stop() {
  std::lock_guard stop_lock(stop_mutex);
  std::vector<std::shared_ptr<ListenerSession>> live;
  {
    std::lock_guard lock(state->mutex);
    state->stopping = true;
    for (auto& [key, weak] : state->sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  asio::post(acceptor.get_executor(), [this] {
    error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
  });
  for (const auto& session : live) session->stop();
  live.clear();  // outside state->mutex: a session's destructor takes it
  // On a listener thread (a handler called stop()), joining would wait for this very handler:
  // the destructor joins instead.
  for (const std::thread& thread : threads) {
    if (thread.get_id() == std::this_thread::get_id()) return;
  }
  for (std::thread& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

Listener::Listener(ListenerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

// stop() throws only if locking or joining fails (std::system_error), which a destructor cannot
// repair; the process is then past saving and ends when a joinable thread is destroyed.
Listener::~Listener() {
  try {
    stop();
  } catch (...) {  // see above
  }
}

uint16_t Listener::port() const { return impl_->port; }

void Listener::stop() { impl_->stop(); }

}  // namespace host::http
