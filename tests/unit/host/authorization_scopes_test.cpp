// The accounts an access token covers (engine/authorization/authorized_scopes.hpp): the records
// of the scopes endpoint read through the connector's field names, and the call that fetches them
// with the connector's verdict on failure.
#include <gtest/gtest.h>

#include <string>

#include "calls_fake_connector.hpp"
#include "engine/authorization/authorized_scopes.hpp"
#include "http/http_listener.hpp"

namespace host::engine {
namespace {

using namespace host::testing;  // the fake connector

// A classified response whose records are `records`, laid out one after another in the body.
CallResult response_of(const std::vector<std::string>& records) {
  CallResult r;
  for (const auto& record : records) {
    r.records.push_back({r.body.size(), record.size(), 0, 0});
    r.body += record;
  }
  return r;
}

ScopesSpec spec_named(std::string id, std::string name, std::string region,
                      std::string credential) {
  ScopesSpec spec;
  spec.endpoint = "shops.authorized";
  spec.id_field = std::move(id);
  spec.name_field = std::move(name);
  spec.region_field = std::move(region);
  spec.credential_field = std::move(credential);
  return spec;
}

TEST(AuthorizationScopes, RecordsAreReadThroughTheConnectorsFieldNames) {
  const auto rows = read_scope_rows(
      response_of({R"({"shop_id":"7001","shop_name":"Tea","area":"GB","cipher":"ROW_x"})"}),
      spec_named("shop_id", "shop_name", "area", "cipher"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, "7001");
  EXPECT_EQ(rows[0].name, "Tea");
  EXPECT_EQ(rows[0].region, "GB");
  EXPECT_EQ(rows[0].credential, "ROW_x");
}

TEST(AuthorizationScopes, NumbersKeepTheirJsonSpellingAndOtherValuesReadAsEmpty) {
  const auto rows =
      read_scope_rows(response_of({R"({"id":7494049642642441621,"name":null,"region":["US"]})"}),
                      spec_named("id", "name", "region", "credential"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, "7494049642642441621");  // not rounded through a double
  EXPECT_EQ(rows[0].name, "");
  EXPECT_EQ(rows[0].region, "");
  EXPECT_EQ(rows[0].credential, "");  // missing
}

TEST(AuthorizationScopes, ARecordThatIsNotJsonIsSkipped) {
  const auto rows = read_scope_rows(response_of({R"({"id":"1")", R"({"id":"2"})"}),
                                    spec_named("id", "name", "region", "credential"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, "2");
}

class AuthorizationScopesCall : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_connector_reset();
    std::lock_guard lock(fake_connector_state().mutex);
    fake_connector_state().sign = [url = url()](const SeenRequest& seen) {
      FakeAnswer<FakeRequest> a;
      a.value.url = url + seen.endpoint;
      a.value.headers = {{"X-Token", seen.access_token}};
      return a;
    };
  }
  void TearDown() override { EXPECT_EQ(fake_connector_state().outputs_live.load(), 0); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()) + "/"; }

  std::string body_ = R"([{"id":"1","name":"A"},{"id":"2","name":"B"}])";
  std::string seen_token_;
  http::Listener listener_{{}, [this](const http::IncomingRequest& in) {
                             seen_token_ = std::string(in.header("X-Token"));
                             return http::OutgoingResponse{200, {}, body_};
                           }};
  ConnectorTarget target_ = fake_target();
  http::Client http_;
};

TEST_F(AuthorizationScopesCall, ListsEveryRecordTheConnectorFound) {
  set_hook(&FakeConnectorState::classify, [](int, std::string_view body) {
    FakeAnswer<FakeClassification> a;
    const size_t a_at = body.find(R"({"id":"1")");
    const size_t b_at = body.find(R"({"id":"2")");
    a.value.records = {{{a_at, b_at - 1 - a_at}, {0, 0}}, {{b_at, body.size() - 1 - b_at}, {0, 0}}};
    return a;
  });
  const auto rows = fetch_authorized_scopes(target_, http_, "tok-7", ScopesSpec{"shops.list"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "A");
  EXPECT_EQ(rows[1].id, "2");
  EXPECT_EQ(seen_token_, "tok-7");
}

TEST_F(AuthorizationScopesCall, AnExpiredTokenIsReportedWithTheRefreshVerdict) {
  set_hook(&FakeConnectorState::classify, [](int, std::string_view) {
    FakeAnswer<FakeClassification> a;
    a.value.verdict = CNX_STATUS_REFRESH_TOKEN;
    a.value.message = "expired";
    return a;
  });
  const CallError e = error_thrown_by(
      [&] { fetch_authorized_scopes(target_, http_, "tok-old", ScopesSpec{"shops.list"}); });
  EXPECT_EQ(e.status(), CNX_STATUS_REFRESH_TOKEN);
  EXPECT_NE(std::string(e.what()).find("shops.list"), std::string::npos);
  EXPECT_EQ(std::string(e.what()).find("tok-old"), std::string::npos);
}

TEST_F(AuthorizationScopesCall, AConnectorWithoutAScopesEndpointIsUnsupported) {
  const CallError e =
      error_thrown_by([&] { fetch_authorized_scopes(target_, http_, "tok", ScopesSpec{}); });
  EXPECT_EQ(e.status(), CNX_STATUS_UNSUPPORTED);
  EXPECT_TRUE(fake_connector_state().signed_requests.empty());
}

}  // namespace
}  // namespace host::engine
