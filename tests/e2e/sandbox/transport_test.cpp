// The HTTP side: keep-alive, size bounds, slow peers, many connections, stats endpoint, TLS.
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

class Transport : public SandboxTest {};

TEST_F(Transport, KeepAliveServesSeveralRequestsOnOneConnection) {
  start(fast_options());
  HttpConnection connection(server_->port());
  for (int i = 0; i < 3; ++i) {
    const auto reply = connection.send("GET", "/__sandbox/stats", {}, "");
    ASSERT_FALSE(reply.error) << reply.error.message();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.connection, "keep-alive");
  }
}

TEST_F(Transport, OversizedBodyIsRefusedWith413) {
  auto o = fast_options();
  o.max_body_bytes = 1024;
  start(o);
  const auto reply = http_once(server_->port(), "POST", "/order/202309/orders/search",
                               {{"content-type", "application/json"}}, std::string(4096, 'x'));
  EXPECT_EQ(reply.status, 413);
}

TEST_F(Transport, SilentPeerIsDisconnectedAfterTheReadTimeout) {
  auto o = fast_options();
  o.read_timeout_ms = 150;
  start(o);
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), server_->port()});
  char byte;
  boost::system::error_code ec;
  socket.read_some(net::buffer(&byte, 1), ec);  // blocks until the server gives up on us
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST_F(Transport, ManyConcurrentConnectionsAreAllServed) {
  start(fast_options());
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 24; ++c) {
    clients.emplace_back([&] {
      HttpConnection connection(server_->port());
      for (int i = 0; i < 5; ++i)
        if (connection.send("GET", "/__sandbox/stats", {}, "").status == 200) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 24 * 5);
}

TEST_F(Transport, StatsEndpointReportsCounters) {
  start(fast_options());
  http_once(server_->port(), "GET", "/nowhere");
  const Json stats = parse_json(http_once(server_->port(), "GET", "/__sandbox/stats").body);
  EXPECT_EQ(stats.num("/requests_total"), 1);
  EXPECT_EQ(stats.num("/rejected_by_code/36009009"), 1);
  EXPECT_NE(server_->stats().summary_line().find("requests=1"), std::string::npos);
}

TEST_F(Transport, TlsServesWithTheGeneratedCertificate) {
  auto o = fast_options();
  o.tls = true;
  start(o);
  ASSERT_EQ(server_->base_url().rfind("https://127.0.0.1:", 0), 0u);
  net::io_context ioc;
  net::ssl::context ctx(net::ssl::context::tls_client);
  const std::string pem = server_->certificate_pem();
  ctx.add_certificate_authority(net::buffer(pem));
  ctx.set_verify_mode(net::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect({net::ip::make_address("127.0.0.1"), server_->port()});
  stream.handshake(net::ssl::stream_base::client);
  http::request<http::string_body> req{http::verb::get, "/__sandbox/stats", 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_NE(res.body().find("requests_total"), std::string::npos);
}

}  // namespace
}  // namespace sandbox_test
