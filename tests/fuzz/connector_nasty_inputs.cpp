// Fixed nasty inputs for the connector's fuzz entries (fuzz_entries.hpp):
// fuzz_regression_runner.cpp runs each through every connector target in the normal build, so the
// targets' logic and invariants are exercised without clang/libFuzzer. An input a fuzzer once
// crashed on is added here (or as a file under regressions/<target>/), with a comment naming the
// target.
#include <string>
#include <vector>

#include "nasty_inputs.hpp"

namespace fuzz_regression {

const std::vector<std::string>& connector_nasty_inputs() {
  static const std::vector<std::string> inputs = {
      std::string("\x01{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\":2}]}}"),
      std::string("\x09{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\""),
      std::string("\x41{\"code\":36009002,\"message\":\"slow\"}"),
      std::string("\x02{\"code\":0,\"data\":[1,2,3]}"),
      std::string("\x03{\"code\":0,\"data\":{\"errors\":[{\"code\":1}]}}"),
      std::string("\x01{\"code\":0,\"data\":{\"orders\":{\"id\":\"x\"}}}"),
      std::string("\x01{\"code\":0,\"data\":{\"orders\":[[],[1],\"s\",null,true]}}"),
      std::string("{\"code\":0,\"data\":{\"access_token\":\"a\",\"refresh_token\":\"r\","
                  "\"granted_scopes\":\"a,,b\"}}"),
      std::string("\x64{\"code\":0,\"data\":{\"access_token\":\"a\",\"refresh_token\":\"r\","
                  "\"user_type\":18446744073709551615}}"),
      "{\"code\":-1}",
      "{\"code\":1e400}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "code=%&state=%2",
      "?error=&code=&&&==",
      "code=a&error=access_denied",
      "\x01{\"type\":6,\"shop_id\":12,\"timestamp\":-5}",
      "\x01{\"type\":\"1\"}",
      "\x01not json at all",
      std::string(
          "{\"name\":\"n\",\"oauth_client\":{\"service_region\":\"us\",\"client_id\":\"k\","
          "\"client_secret\":\"fs\",\"service_id\":\"s\"},\"app_key\":\"k\",\"app_secret\":\"fs\","
          "\"endpoint_versions\":{\"orders.search\":\"209912\"},\"api_base_url\":\"http://"
          "[::1]:8\"}"),
      "{\"name\":\"n\",\"oauth_client\":null,\"app_key\":\"\\u0000\",\"app_secret\":\"\\ud800\"}",
      "{\"a~b/c\":1,\"endpoint_versions\":{\"x~/y\":7}}",
      std::string("\xff\xfe\xfd\x80\xbf"),
  };
  return inputs;
}

}  // namespace fuzz_regression
