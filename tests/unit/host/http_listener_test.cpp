// http_listener_test.cpp: the Listener under normal, oversized, slow and malformed traffic.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"
#include "http_raw_peer.hpp"

namespace host::http {
namespace {

using testing::RawClient;
using namespace std::chrono_literals;

std::string local_url(uint16_t port, const std::string& target = "/") {
  return "http://127.0.0.1:" + std::to_string(port) + target;
}

// The status code of a raw response head such as "HTTP/1.1 408 Request Timeout".
int status_of(const std::string& head) {
  if (head.size() < 12 || head.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(head.substr(9, 3));
}

Listener::Handler echo(std::atomic<int>* calls = nullptr) {
  return [calls](const IncomingRequest& in) {
    if (calls != nullptr) ++*calls;
    return OutgoingResponse{200, {{"X-Method", in.method}}, in.body};
  };
}

TEST(HttpListener, BindsAnEphemeralPortAndEchoes) {
  Listener listener({}, echo());
  EXPECT_NE(listener.port(), 0);
  Client client;
  Response response = client.send({"PUT", local_url(listener.port()), {}, "payload"});
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.body, "payload");
  EXPECT_EQ(response.header("x-method"), "PUT");
}

TEST(HttpListener, RequestHeaderLookupIsCaseInsensitive) {
  std::string seen;
  Listener listener({}, [&](const IncomingRequest& in) {
    seen = std::string(in.header("x-tts-signature"));
    return OutgoingResponse{};
  });
  Client client;
  ASSERT_TRUE(
      client.send({"GET", local_url(listener.port()), {{"X-TTS-Signature", "s1"}}, {}}).ok());
  EXPECT_EQ(seen, "s1");
}

// Sends one request (`method`, `headers`, `body`) to a listener with `options` and expects it
// answered with `status` before the handler ever ran: limits refuse a request, they do not cut it.
void expect_refused_before_the_handler(const ListenerOptions& options, const std::string& method,
                                       const std::vector<Header>& headers, const std::string& body,
                                       int status) {
  std::atomic<int> calls{0};
  Listener listener(options, echo(&calls));
  Client client;
  Response response = client.send({method, local_url(listener.port()), headers, body});
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(calls, 0);
}

TEST(HttpListener, BodyOverTheLimitGets413AndTheHandlerNeverRuns) {
  ListenerOptions options;
  options.max_body_bytes = 1024;
  expect_refused_before_the_handler(options, "POST", {}, std::string(8 << 20, 'x'), 413);
}

TEST(HttpListener, ChunkedBodyOverTheLimitGets413) {
  ListenerOptions options;
  options.max_body_bytes = 1024;
  Listener listener(options, echo());
  RawClient raw(listener.port());
  std::string request = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 8; ++i) request += "100\r\n" + std::string(256, 'c') + "\r\n";
  raw.connection().Write(request + "0\r\n\r\n");
  EXPECT_EQ(status_of(raw.connection().ReadHead()), 413);
}

TEST(HttpListener, HugeHeadersGet431) {
  ListenerOptions options;
  options.max_header_bytes = 4096;
  expect_refused_before_the_handler(options, "GET", {{"X-Huge", std::string(32 << 10, 'h')}}, {},
                                    431);
}

TEST(HttpListener, MalformedRequestGets400AndClose) {
  Listener listener({}, echo());
  RawClient raw(listener.port());
  raw.connection().Write("THIS IS NOT HTTP\r\n\r\n");
  const std::string head = raw.connection().ReadHead();
  EXPECT_EQ(status_of(head), 400) << head;
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  EXPECT_EQ(raw.connection().ReadToEof(), "");  // and nothing more: the connection ends
}

TEST(HttpListener, StalledRequestGets408ThenClose) {
  ListenerOptions options;
  options.read_timeout = 300ms;
  Listener listener(options, echo());
  RawClient raw(listener.port());
  raw.connection().Write("GET / HTTP/1.1\r\nHost: x\r\n");  // the head never ends
  EXPECT_EQ(status_of(raw.connection().ReadHead()), 408);
  EXPECT_EQ(raw.connection().ReadToEof(), "");
}

TEST(HttpListener, TricklingSenderIsCutOffAtTheRequestDeadline) {
  // One byte every 20 ms keeps every single read short; only a deadline for the whole request
  // stops it before the request (4 s of trickling) is complete.
  ListenerOptions options;
  options.read_timeout = 400ms;
  std::atomic<int> calls{0};
  Listener listener(options, echo(&calls));
  RawClient raw(listener.port());
  const std::string request =
      "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(150, 'p') + "\r\n\r\n";
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    for (char c : request) {
      if (stop || !raw.connection().Write(std::string_view(&c, 1))) return;
      std::this_thread::sleep_for(20ms);
    }
  });
  const std::string head = raw.connection().ReadHead();
  stop = true;
  trickle.join();
  EXPECT_EQ(status_of(head), 408) << head;
  EXPECT_EQ(calls, 0);
}

TEST(HttpListener, IdleConnectionIsClosedQuietlyAfterTheReadTimeout) {
  ListenerOptions options;
  options.read_timeout = 200ms;
  Listener listener(options, echo());
  RawClient raw(listener.port());
  EXPECT_EQ(raw.connection().ReadToEof(), "");  // no 408 for a request never begun
}

TEST(HttpListener, HandlerExceptionGets500WithEmptyBody) {
  Listener listener({}, [](const IncomingRequest& in) -> OutgoingResponse {
    if (in.target == "/boom") throw std::runtime_error("secret detail");
    return OutgoingResponse{200, {}, "fine"};
  });
  Client client;
  Response response = client.send({"GET", local_url(listener.port(), "/boom"), {}, {}});
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, "");
  Response after = client.send({"GET", local_url(listener.port(), "/ok"), {}, {}});
  EXPECT_EQ(after.body, "fine");  // the listener keeps serving
}

TEST(HttpListener, HandlerHeadersThatCouldInjectLinesBecome500) {
  Listener listener({}, [](const IncomingRequest&) {
    return OutgoingResponse{200, {{"Location", "/x\r\nSet-Cookie: evil=1"}}, "body"};
  });
  Client client;
  Response response = client.send({"GET", local_url(listener.port()), {}, {}});
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.header("set-cookie"), "");
}

TEST(HttpListener, TwoHundredConcurrentRequestsFromEightThreadsAreAllAnswered) {
  ListenerOptions options;
  options.threads = 2;
  Listener listener(options, [](const IncomingRequest& in) {
    return OutgoingResponse{200, {}, "re:" + in.body};
  });
  Client client;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string id = std::to_string(t) + "/" + std::to_string(i);
        Response response = client.send({"POST", local_url(listener.port()), {}, id});
        if (response.ok() && response.status == 200 && response.body == "re:" + id) ++answered;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(answered, 200);
}

TEST(HttpListener, StopIsIdempotentClosesIdleConnectionsAndRefusesNewOnes) {
  ListenerOptions options;
  options.read_timeout = 60s;  // an idle kept-alive connection must not hold stop() this long
  Listener listener(options, echo());
  ClientOptions client_options;
  client_options.connect_timeout = 2s;
  Client client(client_options);
  ASSERT_TRUE(client.send({"GET", local_url(listener.port()), {}, {}}).ok());
  const auto start = std::chrono::steady_clock::now();
  listener.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  listener.stop();
  Response after = client.send({"GET", local_url(listener.port()), {}, {}});
  EXPECT_FALSE(after.ok());
}

TEST(HttpListener, StopFromAHandlerAnswersThatRequestAndDoesNotDeadlock) {
  Listener* self = nullptr;
  auto listener = std::make_unique<Listener>(ListenerOptions{}, [&](const IncomingRequest&) {
    self->stop();
    return OutgoingResponse{200, {}, "bye"};
  });
  self = listener.get();
  Client client;
  Response response = client.send({"GET", local_url(listener->port()), {}, {}});
  ASSERT_TRUE(response.ok()) << response.error_message;
  EXPECT_EQ(response.body, "bye");
  Response after = client.send({"GET", local_url(listener->port()), {}, {}});
  EXPECT_FALSE(after.ok());  // stopped: refused, or closed unanswered
  listener.reset();          // joins the threads
}

TEST(HttpListener, BindFailureThrowsNamingTheAddress) {
  Listener first({}, echo());
  ListenerOptions options;
  options.port = first.port();
  try {
    Listener second(options, echo());
    FAIL() << "a second listener bound the same port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

TEST(HttpListener, MissingTlsKeyIsRefused) {
  ListenerOptions options;
  options.tls_cert = "/nonexistent/cert.pem";
  EXPECT_THROW(Listener(options, echo()), std::runtime_error);
}

}  // namespace
}  // namespace host::http
