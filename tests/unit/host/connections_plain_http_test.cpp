// plain_http_setting_problems: a plain http:// setting to a remote host is a problem at its
// pointer unless the manifest allows it; loopback, https and non-URL settings are never problems.
#include <gtest/gtest.h>

#include "engine/connections/plain_http_settings.hpp"

namespace host::engine {
namespace {

TEST(ConnectionsPlainHttp, ARemotePlainHttpSettingIsAProblemAtItsPointer) {
  const auto problems = plain_http_setting_problems(
      "shop", R"({"api/base": "http://api.example.com:8080/v1", "region": "eu"})", false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/settings/api~1base");
  EXPECT_NE(problems[0].message.find("plain http:// URL to api.example.com"), std::string::npos)
      << problems[0].message;
  EXPECT_NE(problems[0].message.find("\"allow_plain_http\": true"), std::string::npos);
}

TEST(ConnectionsPlainHttp, AllowedLoopbackHttpsAndNonUrlsAreNoProblem) {
  EXPECT_TRUE(
      plain_http_setting_problems("shop", R"({"u": "http://api.example.com/"})", true).empty());
  EXPECT_TRUE(plain_http_setting_problems(
                  "shop",
                  R"({"a": "http://127.0.0.1:9/", "b": "https://api.example.com/", "c": 5,
                      "d": "not a url"})",
                  false)
                  .empty());
  EXPECT_TRUE(plain_http_setting_problems("shop", "not json", false).empty());
}

}  // namespace
}  // namespace host::engine
