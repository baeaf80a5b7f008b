// Runs every fuzz entry function over a fixed set of nasty inputs, so the normal build exercises
// the fuzz targets' logic and invariants even without clang/libFuzzer. An invariant failure
// aborts the test binary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fuzz_entries.hpp"

namespace {

using Entry = int (*)(const uint8_t*, size_t);

const std::vector<std::string>& NastyInputs() {
  static const std::vector<std::string> inputs = {
      "",
      std::string(1, '\0'),
      std::string("\x01{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\":2}]}}"),
      std::string("\x09{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\""),
      std::string("\x41{\"code\":36009002,\"message\":\"slow\"}"),
      std::string("\x02{\"code\":0,\"data\":[1,2,3]}"),
      std::string("\x03{\"code\":0,\"data\":{\"errors\":[{\"code\":1}]}}"),
      std::string("\x01{\"code\":0,\"data\":{\"orders\":{\"id\":\"x\"}}}"),
      std::string("\x01{\"code\":0,\"data\":{\"orders\":[[],[1],\"s\",null,true]}}"),
      "{\"code\":0,\"data\":{\"access_token\":\"a\",\"refresh_token\":\"r\","
      "\"granted_scopes\":\"a,,b\"}}",
      "\x64{\"code\":0,\"data\":{\"access_token\":\"a\",\"refresh_token\":\"r\","
      "\"user_type\":18446744073709551615}}",
      "{\"code\":-1}",
      "{\"code\":1e400}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "code=%&state=%2",
      "?error=&code=&&&==",
      "code=a&error=access_denied",
      "\x01{\"type\":6,\"shop_id\":12,\"timestamp\":-5}",
      "\x01{\"type\":\"1\"}",
      "\x01not json at all",
      "{\"name\":\"n\",\"oauth_client\":{\"service_region\":\"us\",\"client_id\":\"k\","
      "\"client_secret\":\"fs\",\"service_id\":\"s\"},\"app_key\":\"k\",\"app_secret\":\"fs\","
      "\"endpoint_versions\":{\"orders.search\":\"209912\"},\"api_base_url\":\"http://[::1]:8\"}",
      "{\"name\":\"n\",\"oauth_client\":null,\"app_key\":\"\\u0000\",\"app_secret\":\"\\ud800\"}",
      "{\"a~b/c\":1,\"endpoint_versions\":{\"x~/y\":7}}",
      std::string("\xff\xfe\xfd\x80\xbf"),
  };
  return inputs;
}

class FuzzEntries : public ::testing::TestWithParam<std::pair<const char*, Entry>> {};

TEST_P(FuzzEntries, SurvivesNastyInputs) {
  for (const std::string& input : NastyInputs()) {
    EXPECT_EQ(GetParam().second(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTargets, FuzzEntries,
    ::testing::Values(std::make_pair("config", &tts::fuzz::FuzzConnectionConfig),
                      std::make_pair("token", &tts::fuzz::FuzzTokenResponse),
                      std::make_pair("classify", &tts::fuzz::FuzzClassifyResponse),
                      std::make_pair("callback", &tts::fuzz::FuzzCallbackQuery),
                      std::make_pair("webhook", &tts::fuzz::FuzzWebhook)),
    [](const auto& test_info) { return std::string(test_info.param.first); });

}  // namespace
