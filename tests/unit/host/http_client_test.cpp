// http_client_test.cpp: the blocking client against the host's Listener and against raw peers that
// misbehave on purpose (truncation, resets, silence, the keep-alive race).
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"
#include "http_raw_peer.hpp"

namespace host::http {
namespace {

using testing::RawConnection;
using testing::RawServer;
using namespace std::chrono_literals;

std::string local_url(uint16_t port, const std::string& target = "/") {
  return "http://127.0.0.1:" + std::to_string(port) + target;
}

Request get(const std::string& url) { return Request{"GET", url, {}, {}}; }

const std::string kOkEmpty = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

// Records the peer address (ip:port) of every request: one address means one connection.
struct PeerLog {
  std::mutex mutex;
  std::set<std::string> peers;
  void add(const std::string& remote) {
    std::lock_guard lock(mutex);
    peers.insert(remote);
  }
  size_t size() {
    std::lock_guard lock(mutex);
    return peers.size();
  }
};

TEST(HttpClient, GetReturnsStatusHeadersAndExactBody) {
  const std::string binary_body("ab\0\xff\r\n\x01z", 8);
  Listener listener({}, [&](const IncomingRequest& in) {
    return OutgoingResponse{
        203, {{"X-Echo-Target", in.target}, {"X-Method", in.method}}, binary_body};
  });
  Client client;
  Response response = client.send(get(local_url(listener.port(), "/a/b%20c?x=1&y=%2F")));
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, 203);
  EXPECT_EQ(response.body, binary_body);
  EXPECT_EQ(response.header("x-echo-target"), "/a/b%20c?x=1&y=%2F");
  EXPECT_EQ(response.header("X-METHOD"), "GET");
  EXPECT_EQ(response.header("absent"), "");
}

TEST(HttpClient, PostSendsExactBodyBytesAndHeaders) {
  std::string body(70'000, 'x');
  body[0] = '\0';
  body[1] = '\xfe';
  body[69'999] = '\n';
  std::string seen_body, seen_type, seen_agent;
  Listener listener({}, [&](const IncomingRequest& in) {
    seen_body = in.body;
    seen_type = std::string(in.header("content-type"));
    seen_agent = std::string(in.header("user-agent"));
    return OutgoingResponse{200, {}, "ok"};
  });
  ClientOptions client_options;
  client_options.user_agent = "test-agent/1";
  Client client(client_options);
  Request request{
      "POST", local_url(listener.port(), "/p"), {{"Content-Type", "application/json"}}, body};
  Response response = client.send(request);
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen_body, body);
  EXPECT_EQ(seen_type, "application/json");
  EXPECT_EQ(seen_agent, "test-agent/1");
}

TEST(HttpClient, SequentialRequestsReuseOneConnection) {
  PeerLog peers;
  Listener listener({}, [&](const IncomingRequest& in) {
    peers.add(in.remote);
    return OutgoingResponse{200, {}, "hello"};
  });
  Client client;
  for (int i = 0; i < 6; ++i) {
    Response response = client.send(get(local_url(listener.port())));
    ASSERT_TRUE(response.ok()) << response.error_message;
  }
  EXPECT_EQ(peers.size(), 1u);
}

TEST(HttpClient, NoIdleConnectionsAreKeptWhenThePoolBoundIsZero) {
  PeerLog peers;
  Listener listener({}, [&](const IncomingRequest& in) {
    peers.add(in.remote);
    return OutgoingResponse{200, {}, "hello"};
  });
  ClientOptions client_options;
  client_options.max_idle_per_origin = 0;
  Client client(client_options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.send(get(local_url(listener.port()))).ok());
  EXPECT_EQ(peers.size(), 3u);
}

TEST(HttpClient, ServerConnectionCloseIsHonoured) {
  // Connection 0 says "Connection: close" but keeps the socket open and silent: reusing it would
  // time out, so success on both requests means the client opened a new connection.
  RawServer server([](RawConnection& peer, int) {
    if (peer.ReadHead().empty()) return;
    peer.Write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi");
    peer.ReadToEof();
  });
  ClientOptions client_options;
  client_options.request_timeout = 2s;
  Client client(client_options);
  for (int i = 0; i < 2; ++i) {
    Response response = client.send(get(server.url()));
    ASSERT_TRUE(response.ok()) << response.error_message;
    EXPECT_EQ(response.body, "hi");
  }
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClient, IdleConnectionClosedByServerIsReplacedTransparently) {
  RawServer server([](RawConnection& peer, int) {
    if (peer.ReadHead().empty()) return;
    peer.Write(kOkEmpty);
    peer.Close();  // the server's idle timeout, right after answering
  });
  Client client;
  ASSERT_TRUE(client.send(get(server.url())).ok());
  std::this_thread::sleep_for(50ms);  // let the FIN arrive
  Response second = client.send(get(server.url()));
  ASSERT_TRUE(second.ok()) << second.error_message;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClient, KeepAliveRaceIsRetriedOnceOnAFreshConnection) {
  // Connection 0 answers once, then takes the second request and closes without a byte: the
  // race a pooled connection loses when the server times it out as the request goes out.
  RawServer server([](RawConnection& peer, int index) {
    if (peer.ReadHead().empty()) return;
    peer.Write(kOkEmpty);
    if (index == 0) {
      peer.ReadHead();
      peer.Close();
      return;
    }
    while (!peer.ReadHead().empty()) peer.Write(kOkEmpty);
  });
  Client client;
  ASSERT_TRUE(client.send(get(server.url())).ok());
  Response second = client.send(get(server.url()));
  ASSERT_TRUE(second.ok()) << second.error_message;
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClient, ResponseCutAfterSomeBytesIsNotRetried) {
  RawServer server([](RawConnection& peer, int index) {
    if (peer.ReadHead().empty()) return;
    peer.Write(kOkEmpty);
    if (index == 0 && !peer.ReadHead().empty()) {
      peer.Write("HTTP/1.1 200 OK\r\nContent-Le");
      peer.Reset();
    }
  });
  Client client;
  ASSERT_TRUE(client.send(get(server.url())).ok());
  Response second = client.send(get(server.url()));
  EXPECT_EQ(second.error, TransportError::kReset) << second.error_message;
  EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClient, ResetOnAFreshConnectionIsReset) {
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    peer.Reset();
  });
  Client client;
  Response response = client.send(get(server.url()));
  EXPECT_EQ(response.error, TransportError::kReset) << response.error_message;
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClient, BodyShorterThanContentLengthIsTruncated) {
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
    peer.Close();
  });
  Client client;
  Response response = client.send(get(server.url()));
  EXPECT_EQ(response.error, TransportError::kTruncated) << response.error_message;
}

TEST(HttpClient, ServerThatNeverAnswersTimesOut) {
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    peer.ReadToEof();  // silent until the client gives up and closes
  });
  ClientOptions client_options;
  client_options.request_timeout = 300ms;
  Client client(client_options);
  const auto start = std::chrono::steady_clock::now();
  Response response = client.send(get(server.url()));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.error, TransportError::kTimeout) << response.error_message;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 10s);  // bounded by the configured timeout, not by the silent server
}

TEST(HttpClient, TricklingServerIsCutOffAtTheRequestDeadline) {
  // One byte every 20 ms keeps every single read short; only a deadline for the whole exchange
  // stops the client before the 4 s response is complete.
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n" + std::string(200, 'r');
    for (char c : response) {
      if (!peer.Write(std::string_view(&c, 1))) return;
      std::this_thread::sleep_for(20ms);
    }
  });
  ClientOptions client_options;
  client_options.request_timeout = 300ms;
  Client client(client_options);
  Response response = client.send(get(server.url()));
  EXPECT_EQ(response.error, TransportError::kTimeout) << response.error_message;
}

TEST(HttpClient, BodyOverTheLimitIsTooLarge) {
  Listener listener({}, [](const IncomingRequest&) {
    return OutgoingResponse{200, {}, std::string(4096, 'b')};
  });
  ClientOptions client_options;
  client_options.max_body_bytes = 1024;
  Client client(client_options);
  Response response = client.send(get(local_url(listener.port())));
  EXPECT_EQ(response.error, TransportError::kTooLarge) << response.error_message;
}

TEST(HttpClient, ChunkedBodyOverTheLimitIsTooLarge) {
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    std::string chunks = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 8; ++i) chunks += "100\r\n" + std::string(256, 'c') + "\r\n";
    peer.Write(chunks + "0\r\n\r\n");
    peer.ReadToEof();
  });
  ClientOptions client_options;
  client_options.max_body_bytes = 1024;
  Client client(client_options);
  Response response = client.send(get(server.url()));
  EXPECT_EQ(response.error, TransportError::kTooLarge) << response.error_message;
}

TEST(HttpClient, HeadersOverTheLimitAreTooLarge) {
  Listener listener({}, [](const IncomingRequest&) {
    return OutgoingResponse{200, {{"X-Big", std::string(8000, 'h')}}, "x"};
  });
  ClientOptions client_options;
  client_options.max_header_bytes = 1024;
  Client client(client_options);
  Response response = client.send(get(local_url(listener.port())));
  EXPECT_EQ(response.error, TransportError::kTooLarge) << response.error_message;
}

TEST(HttpClient, GarbageInsteadOfAResponseIsProtocolError) {
  RawServer server([](RawConnection& peer, int) {
    peer.ReadHead();
    peer.Write("SMTP ready\r\n\r\n");
    peer.ReadToEof();
  });
  Client client;
  Response response = client.send(get(server.url()));
  EXPECT_EQ(response.error, TransportError::kProtocol) << response.error_message;
}

uint16_t closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();  // closed again when the acceptor goes
}

TEST(HttpClient, ClosedPortIsConnectError) {
  Client client;
  Response response = client.send(get(local_url(closed_port())));
  EXPECT_EQ(response.error, TransportError::kConnect) << response.error_message;
}

TEST(HttpClient, ErrorMessagesNameThePathButNeverTheQuery) {
  Client client;
  Response response =
      client.send(get(local_url(closed_port(), "/token/get?app_secret=TOPSECRET&auth_code=C0DE")));
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.error_message.find("/token/get"), std::string::npos);
  EXPECT_EQ(response.error_message.find("TOPSECRET"), std::string::npos);
  EXPECT_EQ(response.error_message.find("C0DE"), std::string::npos);
}

TEST(HttpClient, UnparsableOrUnsupportedUrlsAreBadUrl) {
  Client client;
  for (const char* url : {"not a url", "ftp://127.0.0.1/x", "http://", "/relative/path",
                          "http://user:pass@127.0.0.1/", "http://127.0.0.1:99999/"}) {
    Response response = client.send(get(url));
    EXPECT_EQ(response.error, TransportError::kBadUrl) << url << ": " << response.error_message;
  }
}

TEST(HttpClient, HeaderValuesThatCouldInjectLinesAreRefused) {
  Listener listener({}, [](const IncomingRequest&) { return OutgoingResponse{}; });
  Client client;
  Request request = get(local_url(listener.port()));
  request.headers.push_back({"X-Evil", "a\r\nX-Injected: 1"});
  EXPECT_EQ(client.send(request).error, TransportError::kProtocol);
}

}  // namespace
}  // namespace host::http
