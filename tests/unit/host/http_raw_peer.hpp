// http_raw_peer.hpp: blocking raw-TCP peers for HTTP tests that need misbehaviour the Listener
// would never produce (partial answers, resets, silence) or raw bytes a Client would never send.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace host::http::testing {

namespace asio = boost::asio;

// A socket that one thread uses and another may shut down (to end a test): closing and shutting
// down are serialized so that a closed descriptor number is never shut down after its reuse.
struct RawSocket {
  explicit RawSocket(asio::io_context& io) : socket(io) {}
  asio::ip::tcp::socket socket;
  std::mutex mutex;
  bool closed = false;

  void ShutDown() {
    std::lock_guard lock(mutex);
    if (!closed) ::shutdown(socket.native_handle(), SHUT_RDWR);
  }
};

// One connected socket, with the few blocking moves the tests script.
class RawConnection {
 public:
  explicit RawConnection(RawSocket& raw) : raw_(raw), socket_(raw.socket) {}

  // The next request or response head (through the blank line), or "" when the peer closed.
  std::string ReadHead() {
    boost::system::error_code ec;
    const size_t end = asio::read_until(socket_, asio::dynamic_buffer(pending_), "\r\n\r\n", ec);
    if (ec) return {};
    std::string head = pending_.substr(0, end);
    pending_.erase(0, end);
    return head;
  }

  // Everything until the peer closes (including what ReadHead buffered).
  std::string ReadToEof() {
    boost::system::error_code ec;
    asio::read(socket_, asio::dynamic_buffer(pending_), ec);
    return std::exchange(pending_, {});
  }

  bool Write(std::string_view bytes) {
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  // An abortive close: the peer's next read or write fails with a reset.
  void Reset() {
    std::lock_guard lock(raw_.mutex);
    boost::system::error_code ec;
    socket_.set_option(asio::socket_base::linger(true, 0), ec);
    socket_.close(ec);
    raw_.closed = true;
  }

  void Close() {
    std::lock_guard lock(raw_.mutex);
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    raw_.closed = true;
  }

 private:
  RawSocket& raw_;
  asio::ip::tcp::socket& socket_;
  std::string pending_;
};

// A loopback server running `behaviour` on each accepted connection, one thread per connection.
// `index` counts connections from 0. The destructor shuts every connection down and joins.
class RawServer {
 public:
  using Behaviour = std::function<void(RawConnection& connection, int index)>;

  explicit RawServer(Behaviour behaviour)
      : behaviour_(std::move(behaviour)),
        acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~RawServer() {
    stopping_ = true;
    {  // wake the blocking accept
      asio::ip::tcp::socket waker(io_);
      boost::system::error_code ec;
      waker.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    }
    accept_thread_.join();
    {
      std::lock_guard lock(mutex_);
      for (const auto& socket : sockets_) socket->ShutDown();
    }
    for (std::thread& thread : threads_) thread.join();
  }

  uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }
  std::string url(const std::string& target = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + target;
  }

 private:
  void AcceptLoop() {
    for (;;) {
      auto socket = std::make_shared<RawSocket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket->socket, ec);
      if (stopping_ || ec) return;
      const int index = accepted_++;
      std::lock_guard lock(mutex_);
      sockets_.push_back(socket);
      threads_.emplace_back([this, socket, index] {
        RawConnection connection(*socket);
        behaviour_(connection, index);
      });
    }
  }

  Behaviour behaviour_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::vector<std::shared_ptr<RawSocket>> sockets_;
  std::vector<std::thread> threads_;
  std::thread accept_thread_;
};

// A raw client connection to a loopback port, for sending bytes a Client would never send.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : socket_(io_), connection_(socket_) {
    socket_.socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  RawConnection& connection() { return connection_; }

 private:
  asio::io_context io_;
  RawSocket socket_;
  RawConnection connection_;
};

}  // namespace host::http::testing
