// http_plain_http_test.cpp: plain http:// goes to loopback only, unless the caller opts in (and
// then each remote origin is warned about once).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"
#include "http/plain_http_policy.hpp"

namespace host::http {
namespace {

using namespace std::chrono_literals;

// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so nothing is ever sent there.
const std::string kRemoteUrl = "http://192.0.2.1:9/token?app_secret=S3CRET";

TEST(PlainHttpPolicy, LoopbackHostsAreLoopbackAndOthersAreNot) {
  for (const char* host :
       {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"192.0.2.1", "10.0.0.1", "::2", "example.com", "localhost.example",
                           "127.0.0.1.example.com", "0.0.0.0"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST(PlainHttpPolicy, PlainHttpToARemoteHostIsRefusedWithoutAnAttempt) {
  Client client;
  const auto started = std::chrono::steady_clock::now();
  const Response response = client.send({"GET", kRemoteUrl, {}, {}});
  EXPECT_EQ(response.error, TransportError::kPlainHttpRefused);
  EXPECT_NE(response.error_message.find("http://192.0.2.1:9/token: plain http:// to a host other "
                                        "than loopback is refused"),
            std::string::npos)
      << response.error_message;
  EXPECT_EQ(response.error_message.find("S3CRET"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "it tried to connect";
}

TEST(PlainHttpPolicy, HttpsToTheSameHostIsNotAffected) {
  ClientOptions options;
  options.connect_timeout = 200ms;
  Client client(options);
  const Response response = client.send({"GET", "https://192.0.2.1:9/", {}, {}});
  EXPECT_NE(response.error, TransportError::kPlainHttpRefused);
}

TEST(PlainHttpPolicy, LoopbackByAddressOrNameIsServed) {
  Listener listener({}, [](const IncomingRequest&) { return OutgoingResponse{204, {}, ""}; });
  Client client;
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const Response response = client.send(
        {"GET", "http://" + host + ":" + std::to_string(listener.port()) + "/", {}, {}});
    ASSERT_TRUE(response.ok()) << host << ": " << response.error_message;
    EXPECT_EQ(response.status, 204);
  }
}

TEST(PlainHttpPolicy, TheOptInSendsAndWarnsOncePerOrigin) {
  ClientOptions options;
  options.allow_plain_http = true;
  options.connect_timeout = 200ms;
  Client client(options);
  ::testing::internal::CaptureStderr();
  const Response first = client.send({"GET", kRemoteUrl, {}, {}});
  const Response second = client.send({"GET", kRemoteUrl, {}, {}});
  const std::string err = ::testing::internal::GetCapturedStderr();
  // It was attempted (and, TEST-NET being unroutable, failed to connect).
  EXPECT_NE(first.error, TransportError::kPlainHttpRefused);
  EXPECT_NE(second.error, TransportError::kPlainHttpRefused);
  const std::string warning = "sending plain http:// to http://192.0.2.1:9";
  const size_t at = err.find(warning);
  EXPECT_NE(at, std::string::npos) << err;
  EXPECT_EQ(err.find(warning, at + 1), std::string::npos) << "warned twice: " << err;
  EXPECT_EQ(err.find("S3CRET"), std::string::npos);
}

}  // namespace
}  // namespace host::http
