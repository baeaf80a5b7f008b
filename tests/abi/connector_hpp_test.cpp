// connector.hpp: owners release through the right table function, Status copies and releases the
// plugin's error, and cnx_str views convert both ways. Uses a hand-made in-process table.
#include <gtest/gtest.h>
#include <connector_abi/connector.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>

namespace {

// Counts calls to each release function of the fake table.
std::map<std::string, int>& released() {
  static std::map<std::string, int> counts;
  return counts;
}

cnx_connector_api fake_table() {
  cnx_connector_api t{};
  t.struct_size = sizeof t;
  t.abi_major = CNX_ABI_MAJOR;
  t.connection_close = [](cnx_connection*) { ++released()["connection_close"]; };
  t.free_error = [](cnx_error*) { ++released()["free_error"]; };
  t.free_buffer = [](cnx_buffer*) { ++released()["free_buffer"]; };
  t.free_callback_result = [](cnx_callback_result*) { ++released()["free_callback_result"]; };
  t.free_token_set = [](cnx_token_set*) { ++released()["free_token_set"]; };
  t.free_http_request = [](cnx_http_request*) { ++released()["free_http_request"]; };
  t.free_classification = [](cnx_classification*) { ++released()["free_classification"]; };
  t.free_webhook_event = [](cnx_webhook_event*) { ++released()["free_webhook_event"]; };
  return t;
}

class ConnectorHpp : public ::testing::Test {
 protected:
  void SetUp() override { released().clear(); }
  const cnx_connector_api api_ = fake_table();
};

TEST_F(ConnectorHpp, EachOwnerReleasesThroughItsOwnFunction) {
  cnx_error error{};
  cnx_buffer buffer{};
  cnx_callback_result callback{};
  cnx_token_set tokens{};
  cnx_http_request request{};
  cnx_classification classification{};
  cnx_webhook_event event{};
  auto* connection = reinterpret_cast<cnx_connection*>(&event);  // opaque: never dereferenced
  {
    const cnx::Releaser r{&api_, nullptr};
    cnx::ErrorPtr e(&error, r);
    cnx::BufferPtr b(&buffer, r);
    cnx::CallbackResultPtr c(&callback, r);
    cnx::TokenSetPtr t(&tokens, r);
    cnx::HttpRequestPtr h(&request, r);
    cnx::ClassificationPtr k(&classification, r);
    cnx::WebhookEventPtr w(&event, r);
    cnx::ConnectionPtr n = cnx::adopt(connection, r);
  }
  const std::map<std::string, int> expected = {
      {"connection_close", 1},     {"free_error", 1},        {"free_buffer", 1},
      {"free_callback_result", 1}, {"free_token_set", 1},    {"free_http_request", 1},
      {"free_classification", 1},  {"free_webhook_event", 1}};
  EXPECT_EQ(released(), expected);
}

TEST_F(ConnectorHpp, NullOutputsAreNotReleased) {
  { cnx::BufferPtr b = cnx::adopt<cnx_buffer>(nullptr, cnx::Releaser{&api_, nullptr}); }
  EXPECT_TRUE(released().empty());
}

TEST_F(ConnectorHpp, KeepAliveLivesExactlyAsLongAsTheOwnedOutput) {
  auto library = std::make_shared<int>(0);
  cnx_buffer buffer{};
  cnx::BufferPtr b = cnx::adopt(&buffer, cnx::Releaser{&api_, library});
  EXPECT_EQ(library.use_count(), 2);
  b.reset();
  EXPECT_EQ(released()["free_buffer"], 1);
  EXPECT_EQ(library.use_count(), 1) << "a released output still pins its library";
}

TEST_F(ConnectorHpp, StatusCopiesEveryErrorFieldAndReleasesTheError) {
  cnx_error error{};
  error.struct_size = sizeof error;
  error.status = CNX_STATUS_RATE_LIMITED;
  error.message = cnx::to_cnx_str("slow down");
  error.details_json = cnx::to_cnx_str("[]");
  error.remote_code = 36009003;
  error.remote_request_id = cnx::to_cnx_str("req-1");
  error.retry_after_ms = 1500;
  const cnx::Status s = cnx::Status::from_call(api_, CNX_STATUS_RATE_LIMITED, &error);
  EXPECT_EQ(released()["free_error"], 1);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), CNX_STATUS_RATE_LIMITED);
  EXPECT_EQ(s.message(), "slow down");
  EXPECT_EQ(s.details_json(), "[]");
  EXPECT_EQ(s.remote_code(), 36009003);
  EXPECT_EQ(s.remote_request_id(), "req-1");
  EXPECT_EQ(s.retry_after_ms(), 1500);
  EXPECT_EQ(s.to_string(), "RATE_LIMITED: slow down");
}

TEST_F(ConnectorHpp, StatusIgnoresFieldsBeyondAShortErrorStruct) {
  cnx_error error{};
  error.struct_size = offsetof(cnx_error, details_json);  // an older, shorter layout
  error.message = cnx::to_cnx_str("short");
  error.details_json = cnx::to_cnx_str("must not be read");
  error.retry_after_ms = 99;
  const cnx::Status s = cnx::Status::from_call(api_, CNX_STATUS_INVALID_INPUT, &error);
  EXPECT_EQ(s.message(), "short");
  EXPECT_EQ(s.details_json(), "");
  EXPECT_EQ(s.retry_after_ms(), 0);
}

TEST_F(ConnectorHpp, FailureWithoutAnErrorStillHasAMessage) {
  const cnx::Status s = cnx::Status::from_call(api_, CNX_STATUS_INTERNAL, nullptr);
  EXPECT_EQ(s.to_string(), "INTERNAL: the connector gave no reason");
  EXPECT_EQ(cnx::Status::from_call(api_, CNX_STATUS_OK, nullptr).to_string(), "OK");
}

TEST(ConnectorHppStrings, ViewsConvertBothWaysAndAbsentIsEmpty) {
  const std::string text = "hello";
  const cnx_str s = cnx::to_cnx_str(text);
  EXPECT_EQ(s.data, text.data());
  EXPECT_EQ(s.len, 5u);
  EXPECT_EQ(cnx::to_view(s), "hello");
  EXPECT_EQ(cnx::to_view(cnx_str{nullptr, 0}), "");
}

TEST(ConnectorHppStrings, StatusNamesCoverEveryValue) {
  EXPECT_STREQ(cnx::status_name(CNX_STATUS_OK), "OK");
  EXPECT_STREQ(cnx::status_name(CNX_STATUS_REFRESH_TOKEN), "REFRESH_TOKEN");
  EXPECT_STREQ(cnx::status_name(CNX_STATUS_UNSUPPORTED), "UNSUPPORTED");
  EXPECT_STREQ(cnx::status_name(static_cast<cnx_status>(15)), "UNKNOWN");
}

}  // namespace
