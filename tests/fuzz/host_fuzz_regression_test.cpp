// Fixed nasty inputs for the host's fuzz entries (host_fuzz_entries.hpp), which
// fuzz_regression_runner.cpp runs through every host-parser target in the normal build (a broken
// invariant aborts the binary; an undeclared exception fails it), and the host regressions that
// need more than one input. An input a fuzzer once crashed on is added here (or as a file under
// regressions/<target>/), with a comment naming the target.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host_fuzz_entries.hpp"
#include "nasty_inputs.hpp"

namespace fuzz_regression {

// The long inputs are literals split over lines on purpose, not missing commas.
// NOLINTBEGIN(bugprone-suspicious-missing-comma)
const std::vector<std::string>& host_nasty_inputs() {
  static const std::vector<std::string> inputs = {
      std::string("\xff\xfe\xfd\x80\xbf"),
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "{}",
      "null",
      "{\"name\":\"\"}",
      "{\"name\":\"o\",\"connection\":\"c\",\"kind\":\"export\",\"resource\":\"orders\","
      "\"shop\":\"1\",\"output\":\"o.jsonl\"}",
      "{\"name\":\"o\",\"connection\":\"c\",\"kind\":\"export\",\"resource\":\"orders\","
      "\"shop\":\"1\",\"output\":\"o.jsonl\",\"page_size\":1e400,\"concurrency\":-1,"
      "\"rate_limit_per_second\":\"fast\",\"window\":{\"slice_seconds\":0,\"start\":-9e18}}",
      "{\"name\":\"i\",\"connection\":\"c\",\"kind\":\"import\",\"resource\":\"inventory\","
      "\"endpoint\":\"orders.search\",\"shop\":\"1\",\"input\":\"\",\"idempotency_key\":\"~\"}",
      "{\"name\":\"i\",\"connection\":\"c\",\"kind\":\"import\",\"resource\":\"returns\","
      "\"endpoint\":\"returns.approve\",\"shop\":\"1\",\"input\":\"x\",\"filters\":[1]}",
      "{\"name\":\"n\",\"name\":\"m\",\"kind\":7,\"window\":{\"field\":\"delete\"}}",
      "{\"resources\":[{\"id\":\"r\",\"export\":\"missing\",\"detail\":{\"batch\":0}}],"
      "\"endpoints\":[{\"id\":\"e\",\"paging\":{\"page_size\":{\"min\":5,\"max\":1}}}]}",
      "{\"resources\":{},\"endpoints\":null,\"connection_schema\":[]}",
      "{\"connection_schema\":{\"properties\":{\"a\":{\"type\":[\"string\"],\"enum\":[1,{}]}},"
      "\"required\":[7]}}",
      "{\"name\":\"c\",\"connector\":\"tiktok-shop\",\"oauth_client\":\"a\","
      "\"redirect_uri\":\"http://127.0.0.1:0/x\",\"settings\":{\"app_key\":{}},"
      "\"secrets\":{\"app_secret\":{\"env\":\"\"}}}",
      "{\"name\":\"c\",\"connector\":\"tiktok-shop\",\"oauth_client\":\"a\","
      "\"secrets\":{\"app_secret\":{\"file\":\"/nonexistent/x\"}},\"ca_file\":\"\"}",
      "{\"name\":\"../../etc\",\"connector\":\"tiktok-shop\",\"service_region\":\"mars\","
      "\"client_id\":\"k\",\"client_secret\":\"plain text secret\",\"service_id\":1}",
      "{\"id\":\"x\",\"library\":\"../../../../lib/x.so\",\"sha256\":\"zz\",\"abi_major\":1.5}",
      "{\"id\":\"\",\"library\":\"\",\"sha256\":\"" + std::string(64, 'a') + "\"}",
      std::string("\x00{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\":2}]}}", 49),
      "\x01{\"code\":0,\"data\":{\"orders\":[{\"id\":\"1\",\"x\":[1,2,{\"y\":null}]}]}}",
      "\x02{\"code\":0,\"data\":{\"products\":[{\"id\":{\"nested\":true}}],"
      "\"next_page_token\":7}}",
      std::string(1, '\0') +
          "{\"code\":0,\"data\":{\"orders\":[{\"id\":\"\\ud800\"}],\"next_page_token\":\"a\"}}",
      "\x18{\"code\":36009002}",
      std::string(1, '\0') + "{\"code\":0,\"data\":{\"orders\":[" + std::string(3000, '[') + "]}}",
  };
  return inputs;
}
// NOLINTEND(bugprone-suspicious-missing-comma)

}  // namespace fuzz_regression

namespace {

// Found by the connection_manifest entry: a secret reference to a file that exists but cannot be
// read (a directory, /proc/self/mem) escaped as std::ios_base::failure, so `connection save`
// exited 1 naming neither the file nor the field. It must be a ManifestError (exit 2,
// "/secrets/app_secret"), which the entry treats as a clean rejection.
TEST(HostFuzzRegression, UnreadableSecretFileIsAManifestErrorNamingTheField) {
  for (const char* path : {"/tmp", "/proc/self/mem"}) {
    const std::string input =
        std::string("{\"name\":\"c\",\"connector\":\"tiktok-shop\",\"oauth_client\":\"a\",") +
        "\"settings\":{\"app_key\":\"k\"},\"secrets\":{\"app_secret\":{\"file\":\"" + path +
        "\"}}}";
    EXPECT_EQ(host_fuzz::fuzz_connection_manifest(reinterpret_cast<const uint8_t*>(input.data()),
                                                  input.size()),
              0)
        << path;
  }
}

}  // namespace
