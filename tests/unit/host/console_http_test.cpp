// The bits of a request the console reads: query parameters, cookies, percent escapes.
#include <gtest/gtest.h>

#include "console/console_http.hpp"
#include "console/console_sessions.hpp"

namespace {

using namespace host::console;

TEST(ConsoleHttp, query_parameters_are_found_by_exact_name_and_decoded) {
  EXPECT_EQ(query_parameter("/?access=ab%2Fc+d", "access"), "ab/c d");
  EXPECT_EQ(query_parameter("/x?xaccess=1&access=2", "access"), "2");
  EXPECT_EQ(query_parameter("/x?access", "access"), "");
  EXPECT_EQ(query_parameter("/x", "access"), "");
  EXPECT_EQ(query_parameter("/x?access=%zz", "access"), "");
  EXPECT_EQ(query_parameter("/x?access=%4", "access"), "");
}

TEST(ConsoleHttp, the_session_cookie_is_read_among_others_and_any_header_case) {
  host::http::IncomingRequest request;
  request.headers = {{"cookie", "a=1; cnx_session=abc; b=2"}};
  EXPECT_EQ(cookie_value(request, "cnx_session"), "abc");
  request.headers = {{"Cookie", "xcnx_session=abc"}};
  EXPECT_EQ(cookie_value(request, "cnx_session"), "");
}

TEST(ConsoleSessions, the_access_token_is_64_hex_characters_and_opens_one_session) {
  ConsoleSessions sessions;
  const std::string token = sessions.access_token();
  ASSERT_EQ(token.size(), 64u);
  EXPECT_FALSE(sessions.redeem_access_token(token.substr(0, 63)).has_value());
  const auto session = sessions.redeem_access_token(token);
  ASSERT_TRUE(session.has_value());
  EXPECT_TRUE(sessions.csrf_token(*session).has_value());
  EXPECT_FALSE(sessions.redeem_access_token(token).has_value());
  EXPECT_TRUE(sessions.access_token().empty());
  EXPECT_FALSE(sessions.csrf_token("").has_value());
}

}  // namespace
