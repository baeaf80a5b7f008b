// Flow manifests are bounded: a safe, short name; filters of at most 64 KiB; no repeated keys.
// Values over a bound are reported by size, never echoed back.
#include <gtest/gtest.h>

#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/flow_session_caller.hpp"

namespace host::engine {
namespace {

std::vector<FlowProblem> problems_of(const std::string& text) {
  std::vector<FlowProblem> problems;
  parse_flow_manifest("flows/f.json", text, problems);
  return problems;
}

std::string export_named(const std::string& name, const std::string& extra = "") {
  return R"({"name":")" + name +
         R"(","connection":"c","kind":"export","resource":"orders",)"
         R"("shop":"s","output":"o.jsonl")" +
         extra + "}";
}

const FlowProblem* find(const std::vector<FlowProblem>& problems, const std::string& field) {
  for (const auto& p : problems) {
    if (p.field == field) return &p;
  }
  return nullptr;
}

TEST(EngineFlowBounds, NameOfTheLongestAllowedLengthIsAccepted) {
  EXPECT_TRUE(problems_of(export_named(std::string(kMaxFlowNameBytes, 'a'))).empty());
  EXPECT_TRUE(problems_of(export_named("orders-delta_v2.eu")).empty());
}

TEST(EngineFlowBounds, HugeNameIsRefusedBySizeWithoutEchoingIt) {
  const std::string name(5u << 20, 'x');
  const auto problems = problems_of(export_named(name));
  const FlowProblem* p = find(problems, "/name");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->message.find("5242880 bytes"), std::string::npos) << p->message;
  EXPECT_LT(describe_problems("flows/f.json", problems).size(), 200u);
}

TEST(EngineFlowBounds, NameOutsideTheSafeCharacterSetIsRefused) {
  for (const std::string name : {"a b", "../x", "-lead", "naïve", "a\\nb", "a;drop"}) {
    EXPECT_NE(find(problems_of(export_named(name)), "/name"), nullptr) << name;
  }
}

TEST(EngineFlowBounds, FiltersOverTheBoundAreRefused) {
  const std::string big(kMaxFiltersBytes, 'x');
  const auto problems = problems_of(export_named("o", R"(,"filters":{"q":")" + big + "\"}"));
  const FlowProblem* p = find(problems, "/filters");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->message.find("at most 65536"), std::string::npos) << p->message;
  EXPECT_TRUE(problems_of(export_named("o", R"(,"filters":{"q":"small"})")).empty());
}

TEST(EngineFlowBounds, LongTextFieldIsRefused) {
  const std::string shop(kMaxFlowTextBytes + 1, 's');
  const auto problems =
      problems_of(R"({"name":"o","connection":"c","kind":"export","resource":"orders","shop":")" +
                  shop + R"(","output":"o.jsonl"})");
  EXPECT_NE(find(problems, "/shop"), nullptr);
}

TEST(EngineFlowBounds, DuplicateKeyIsRefusedWithItsPointer) {
  auto problems = problems_of(export_named("o", R"(,"shop":"other")"));
  const FlowProblem* p = find(problems, "/shop");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->message.find("duplicate key"), std::string::npos) << p->message;

  problems = problems_of(export_named("o", R"(,"window":{"field":"update","field":"create"})"));
  p = find(problems, "/window/field");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->message.find("duplicate key"), std::string::npos) << p->message;
}

TEST(EngineFlowBounds, KeysInPointersAreEscaped) {
  const auto problems = problems_of(export_named("o", R"(,"a/b~c":1)"));
  EXPECT_NE(find(problems, "/a~1b~0c"), nullptr);
}

TEST(EngineFlowBounds, FailuresThatWouldRepeatAreNotRetryable) {
  EXPECT_EQ(verdict_for_transport(http::TransportError::kBadUrl), CNX_STATUS_PERMANENT);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kTooLarge), CNX_STATUS_PERMANENT);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kReset), CNX_STATUS_RETRY);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kTimeout), CNX_STATUS_RETRY);
}

TEST(EngineFlowBounds, OversizedRequestBodyIsRefusedBeforeSending) {
  CallRequest request;
  request.endpoint = "products.inventory.update";
  request.body.assign(kMaxRequestBodyBytes, 'x');
  EXPECT_FALSE(oversized_request(request));
  request.body.push_back('x');
  const auto why = oversized_request(request);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("products.inventory.update"), std::string::npos) << *why;
}

}  // namespace
}  // namespace host::engine
