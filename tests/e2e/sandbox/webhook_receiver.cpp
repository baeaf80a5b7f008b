// webhook_receiver.cpp: an async Asio/Beast server on one thread; delays use timers so a slow
// answer never holds up other connections.
#include "webhook_receiver.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sandbox_test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct WebhookReceiver::Impl {
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::vector<ScriptedAnswer> script;
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable arrived;
  std::vector<ReceivedRequest> requests;

  // Records a request and returns how to answer it.
  ScriptedAnswer record(ReceivedRequest r) {
    std::lock_guard lock(mutex);
    const std::size_t n = requests.size();
    requests.push_back(std::move(r));
    arrived.notify_all();
    return n < script.size() ? script[n] : ScriptedAnswer{};
  }

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(std::make_shared<tcp::socket>(std::move(socket)));
      accept();
    });
  }

  void serve(std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto request = std::make_shared<http::request<http::string_body>>();
    http::async_read(*socket, *buffer, *request,
                     [this, socket, buffer, request](beast::error_code ec, std::size_t) {
                       if (ec) return;
                       ReceivedRequest r;
                       r.method = std::string(request->method_string());
                       r.target = std::string(request->target());
                       r.body = request->body();
                       if (auto it = request->find(http::field::authorization);
                           it != request->end())
                         r.authorization = std::string(it->value());
                       if (auto it = request->find(http::field::content_type); it != request->end())
                         r.content_type = std::string(it->value());
                       r.at = std::chrono::steady_clock::now();
                       const ScriptedAnswer answer = record(std::move(r));
                       auto timer = std::make_shared<net::steady_timer>(io, answer.delay);
                       timer->async_wait([socket, timer, answer](beast::error_code) {
                         auto response = std::make_shared<http::response<http::string_body>>(
                             static_cast<http::status>(answer.status), 11);
                         response->keep_alive(false);
                         response->prepare_payload();
                         http::async_write(*socket, *response,
                                           [socket, response](beast::error_code, std::size_t) {
                                             beast::error_code ignored;
                                             socket->shutdown(tcp::socket::shutdown_both, ignored);
                                           });
                       });
                     });
  }
};

WebhookReceiver::WebhookReceiver(std::vector<ScriptedAnswer> script, std::uint16_t port)
    : impl_(std::make_unique<Impl>()) {
  impl_->script = std::move(script);
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

WebhookReceiver::~WebhookReceiver() {
  net::post(impl_->io, [this] { impl_->acceptor.close(); });
  impl_->io.stop();
  impl_->thread.join();
}

std::uint16_t WebhookReceiver::port() const { return impl_->port; }

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/tiktok/webhooks";
}

std::vector<ReceivedRequest> WebhookReceiver::wait_for(std::size_t count,
                                                       std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return impl_->requests.size() >= count; });
  return impl_->requests;
}

std::vector<ReceivedRequest> WebhookReceiver::received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::uint16_t closed_port() {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace sandbox_test
