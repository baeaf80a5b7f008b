// http_listener_limits_test.cpp: the Listener's connection cap and its handling of
// "Expect: 100-continue", driven by raw peers that send exactly the bytes each case needs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/http_listener.hpp"
#include "http_raw_peer.hpp"

namespace host::http {
namespace {

using testing::RawClient;
using namespace std::chrono_literals;

// The status code of a raw response head such as "HTTP/1.1 100 Continue".
int status_of(const std::string& head) {
  if (head.size() < 12 || head.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(head.substr(9, 3));
}

// A handler that counts its calls and keeps the last body it saw.
struct Recorder {
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::string body_seen;

  Listener::Handler handler() {
    return [this](const IncomingRequest& in) {
      ++calls;
      std::lock_guard lock(mutex);
      body_seen = in.body;
      return OutgoingResponse{200, {}, {}};
    };
  }
  std::string last_body() {
    std::lock_guard lock(mutex);
    return body_seen;
  }
};

constexpr const char* kGet = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

// The status a new connection's GET gets, retried for up to ~2 s while it is 503: a closed
// connection frees its place only once its session has wound down.
int status_once_a_place_is_free(uint16_t port) {
  int status = 0;
  for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
    RawClient next(port);
    next.connection().Write(kGet);
    status = status_of(next.connection().ReadHead());
    if (status != 200) std::this_thread::sleep_for(20ms);
  }
  return status;
}

// A listener with a Recorder behind it and one raw peer connected to it.
class HttpListenerExpect : public ::testing::Test {
 protected:
  // Starts the listener with `options`, connects the peer, writes `request` and returns the
  // first response head the peer reads.
  std::string start_and_send(const std::string& request, const ListenerOptions& options = {}) {
    listener_ = std::make_unique<Listener>(options, recorder_.handler());
    raw_ = std::make_unique<RawClient>(listener_->port());
    EXPECT_TRUE(raw_->connection().Write(request));
    return raw_->connection().ReadHead();
  }

  // Options whose body limit is 1 KiB.
  static ListenerOptions small_body_limit() {
    ListenerOptions options;
    options.max_body_bytes = 1024;
    return options;
  }

  Recorder recorder_;
  std::unique_ptr<Listener> listener_;
  std::unique_ptr<RawClient> raw_;
};

TEST_F(HttpListenerExpect, ContinueIsSentBeforeTheBodyIsReadThenTheRequestIsAnswered) {
  const std::string interim = start_and_send(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(status_of(interim), 100) << interim;
  EXPECT_EQ(recorder_.calls, 0);  // the body has not been sent yet
  ASSERT_TRUE(raw_->connection().Write("hello"));
  const std::string final_head = raw_->connection().ReadHead();
  EXPECT_EQ(status_of(final_head), 200) << final_head;
  EXPECT_EQ(recorder_.calls, 1);
  EXPECT_EQ(recorder_.last_body(), "hello");
}

TEST_F(HttpListenerExpect, ContinueWithADeclaredBodyOverTheLimitGets413AndNoInvitation) {
  const std::string head = start_and_send(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10485760\r\n\r\n",
      small_body_limit());
  EXPECT_EQ(status_of(head), 413) << head;  // not 100: the body is never invited
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  EXPECT_EQ(raw_->connection().ReadToEof(), "");
  EXPECT_EQ(recorder_.calls, 0);
}

TEST_F(HttpListenerExpect, ChunkedBodyAfterContinueStillMeetsTheBodyLimit) {
  const std::string interim = start_and_send(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n",
      small_body_limit());
  EXPECT_EQ(status_of(interim), 100);
  std::string body;
  for (int i = 0; i < 8; ++i) body += "100\r\n" + std::string(256, 'c') + "\r\n";
  raw_->connection().Write(body + "0\r\n\r\n");
  EXPECT_EQ(status_of(raw_->connection().ReadHead()), 413);
  EXPECT_EQ(recorder_.calls, 0);
}

TEST_F(HttpListenerExpect, UnknownExpectationGets417AndTheHandlerNeverRuns) {
  const std::string head =
      start_and_send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(status_of(head), 417) << head;
  EXPECT_EQ(raw_->connection().ReadToEof(), "");
  EXPECT_EQ(recorder_.calls, 0);
}

TEST_F(HttpListenerExpect, ExpectInAnHttp10RequestIsIgnored) {
  const std::string head =
      start_and_send("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(status_of(head), 200) << head;
  EXPECT_EQ(recorder_.last_body(), "hi");
}

TEST(HttpListenerCap, ConnectionsOverTheCapGet503AndALogLineWhileOpenOnesKeepWorking) {
  Recorder recorder;
  ListenerOptions options;
  options.max_connections = 2;
  Listener listener(options, recorder.handler());
  auto first = std::make_unique<RawClient>(listener.port());
  RawClient second(listener.port());
  for (RawClient* client : {first.get(), &second}) {  // both served and kept alive
    ASSERT_TRUE(client->connection().Write(kGet));
    ASSERT_EQ(status_of(client->connection().ReadHead()), 200);
  }

  ::testing::internal::CaptureStderr();
  RawClient third(listener.port());
  const std::string refused = third.connection().ReadToEof();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status_of(refused), 503) << refused;
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;
  EXPECT_NE(log.find("the limit is 2"), std::string::npos) << log;

  for (RawClient* client : {first.get(), &second}) {
    ASSERT_TRUE(client->connection().Write(kGet));
    EXPECT_EQ(status_of(client->connection().ReadHead()), 200);
  }
  EXPECT_EQ(recorder.calls, 4);

  // A closed connection frees its place.
  first->connection().Close();
  first.reset();
  EXPECT_EQ(status_once_a_place_is_free(listener.port()), 200);
}

TEST(HttpListenerCap, IdleConnectionsHoldingTheCapAreReleasedByTheReadTimeout) {
  Recorder recorder;
  ListenerOptions options;
  options.max_connections = 1;
  options.read_timeout = 200ms;
  Listener listener(options, recorder.handler());
  RawClient idle(listener.port());  // connects, never sends; cut off at the read timeout
  EXPECT_EQ(idle.connection().ReadToEof(), "");
  EXPECT_EQ(status_once_a_place_is_free(listener.port()), 200);
}

}  // namespace
}  // namespace host::http
