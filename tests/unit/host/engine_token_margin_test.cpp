// When the engine refreshes an access token ahead of its expiry.
#include <gtest/gtest.h>

#include "engine/authorization/token_lifecycle.hpp"

namespace host::engine {
namespace {

TEST(EngineTokenMargin, LongLivedTokensRefreshAMinuteEarly) {
  EXPECT_EQ(access_refresh_margin(7 * 24 * 3600), 60);  // TikTok's 7-day access tokens
  EXPECT_EQ(access_refresh_margin(240), 60);
}

TEST(EngineTokenMargin, ShortLivedTokensKeepThreeQuartersOfTheirLife) {
  EXPECT_EQ(access_refresh_margin(30), 7);  // not before every call, as a 60 s margin would
  EXPECT_EQ(access_refresh_margin(4), 1);
}

TEST(EngineTokenMargin, TokensIssuedWithNoTimeToLiveGetTheOneSecondFloor) {
  EXPECT_EQ(access_refresh_margin(0), 1);
  EXPECT_EQ(access_refresh_margin(-500), 1);
  EXPECT_EQ(access_refresh_margin(3), 1);
}

}  // namespace
}  // namespace host::engine
