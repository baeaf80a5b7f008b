// Slicing a time window, and walking pages of one query.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/flows/export/export_slices.hpp"
#include "engine/flows/paging_loop.hpp"
#include "engine_fake_caller.hpp"

namespace host::engine {
namespace {

using namespace testing;  // the fake caller, its pages and failures, query_value

TEST(EngineSlices, CoverTheWindowExactlyWithoutGapsOrOverlaps) {
  const auto slices = split_window(1000, 1000 + 3 * 86400 + 5, 86400, 100);
  ASSERT_EQ(slices.size(), 4u);
  EXPECT_EQ(slices.front().from, 1000);
  EXPECT_EQ(slices.back().to, 1000 + 3 * 86400 + 5);
  for (size_t i = 1; i < slices.size(); ++i) EXPECT_EQ(slices[i - 1].to, slices[i].from);
  // Regular slices are the recent ones; the odd one is the earliest.
  EXPECT_EQ(slices.back().to - slices.back().from, 86400);
  EXPECT_EQ(slices.front().to - slices.front().from, 5);
}

TEST(EngineSlices, EarliestSliceAbsorbsTheExcessBeyondMaxSlices) {
  const auto slices = split_window(0, 1'700'000'000, 86400, 8);
  ASSERT_EQ(slices.size(), 8u);
  EXPECT_EQ(slices.front().from, 0);
  EXPECT_EQ(slices.back().to, 1'700'000'000);
  for (size_t i = 1; i < slices.size(); ++i) {
    EXPECT_EQ(slices[i - 1].to, slices[i].from);
    EXPECT_EQ(slices[i].to - slices[i].from, 86400);
  }
}

TEST(EngineSlices, EmptyWindowHasNoSlices) {
  EXPECT_TRUE(split_window(50, 50, 10, 10).empty());
  EXPECT_TRUE(split_window(60, 50, 10, 10).empty());
}

TEST(EngineSlices, UncoveredPartsAreWhatTheDoneWindowsLeaveOfASlice) {
  const auto parts = [](TimeSlice slice, std::vector<TimeSlice> covered) {
    std::string out;
    for (const TimeSlice& p : uncovered_parts(slice, std::move(covered))) {
      out += "[" + std::to_string(p.from) + "," + std::to_string(p.to) + ")";
    }
    return out;
  };
  EXPECT_EQ(parts({0, 100}, {}), "[0,100)");
  EXPECT_EQ(parts({0, 100}, {{100, 200}, {-50, 0}}), "[0,100)");  // touching is not covering
  EXPECT_EQ(parts({0, 100}, {{0, 100}}), "");
  EXPECT_EQ(parts({0, 100}, {{-10, 500}}), "");
  EXPECT_EQ(parts({0, 100}, {{60, 70}, {20, 30}}), "[0,20)[30,60)[70,100)");     // any order
  EXPECT_EQ(parts({0, 100}, {{20, 50}, {40, 60}, {90, 120}}), "[0,20)[60,90)");  // overlapping
  EXPECT_EQ(parts({0, 100}, {{-5, 10}, {10, 40}}), "[40,100)");
}

PagingSpec paging() {
  PagingSpec p;
  p.size_param = "page_size";
  p.token_param = "page_token";
  return p;
}

TEST(EnginePaging, FollowsNextTokensUntilTheLastPage) {
  FakeCaller caller([](const CallRequest& r) {
    const std::string token = query_value(r, "page_token");
    if (token.empty()) return make_page({R"({"id":"1"})", R"({"id":"2"})"}, "t+1/=");
    if (token == "t+1/=") return make_page({R"({"id":"3"})"}, "t2");
    return make_page({R"({"id":"4"})"});
  });
  CallRequest first;
  first.endpoint = "orders.search";
  std::vector<std::string> seen;
  const auto outcome = page_through(caller, paging(), 2, first, [&](const CallResult& page) {
    for (size_t i = 0; i < page.records.size(); ++i) seen.emplace_back(page.record(i));
    return true;
  });
  ASSERT_TRUE(outcome.ok) << outcome.failure.describe();
  EXPECT_EQ(outcome.pages, 3u);
  EXPECT_EQ(seen.size(), 4u);
  const auto requests = caller.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[0], "page_size"), "2");
  EXPECT_EQ(query_value(requests[0], "page_token"), "");
  EXPECT_EQ(query_value(requests[1], "page_token"), "t+1/=");
  EXPECT_EQ(query_value(requests[2], "page_token"), "t2");
  EXPECT_EQ(query_value(requests[2], "page_size"), "2");
}

TEST(EnginePaging, UnpagedEndpointMakesOneCall) {
  FakeCaller caller([](const CallRequest&) { return make_page({R"({"id":"1"})"}, "ignored"); });
  const auto outcome =
      page_through(caller, std::nullopt, 0, CallRequest{}, [](const CallResult&) { return true; });
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(caller.requests().size(), 1u);
  EXPECT_EQ(query_value(caller.requests()[0], "page_size"), "");
}

TEST(EnginePaging, RepeatedTokenIsAnErrorNotAnEndlessLoop) {
  FakeCaller caller([](const CallRequest&) { return make_page({R"({"id":"1"})"}, "same"); });
  const auto outcome =
      page_through(caller, paging(), 10, CallRequest{}, [](const CallResult&) { return true; });
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(caller.requests().size(), 2u);
}

TEST(EnginePaging, PassingTheResultCapWithMorePagesFails) {
  PagingSpec capped = paging();
  capped.max_results = 2;
  int n = 0;
  FakeCaller caller([&](const CallRequest&) {
    return make_page({R"({"id":"a"})", R"({"id":"b"})"}, "p" + std::to_string(++n));
  });
  const auto outcome =
      page_through(caller, capped, 2, CallRequest{}, [](const CallResult&) { return true; });
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.failure.message.find("slice_seconds"), std::string::npos);
}

TEST(EnginePaging, FailedPageStopsAndReportsTheRemoteError) {
  FakeCaller caller([](const CallRequest& r) {
    if (query_value(r, "page_token").empty()) return make_page({R"({"id":"1"})"}, "next");
    return make_failure(CNX_STATUS_PERMANENT, "scope not granted", 105005);
  });
  const auto outcome =
      page_through(caller, paging(), 1, CallRequest{}, [](const CallResult&) { return true; });
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure.remote_code, 105005);
  EXPECT_EQ(outcome.pages, 1u);
}

}  // namespace
}  // namespace host::engine
