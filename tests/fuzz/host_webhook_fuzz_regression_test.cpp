// Runs the webhook delivery fuzz entry in the normal build over its seeds and fixed hostile
// requests, checking the status each gets: the signed seeds reach the inbox, the others a
// refusal. A broken invariant aborts the binary. (Every seed and every input it once crashed on,
// regressions/fuzz_webhook_delivery, also runs in fuzz_regression_runner.cpp.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "host_webhook_fuzz_entry.hpp"

namespace {

int deliver(const std::string& input) {
  return host_fuzz::run_webhook_delivery(reinterpret_cast<const uint8_t*>(input.data()),
                                         input.size());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(WebhookDeliveryFuzzRegression, SignedSeedsReachTheInboxAndOthersAreRefused) {
  const std::filesystem::path dir = WEBHOOK_DELIVERY_SEEDS_DIR;
  EXPECT_EQ(deliver(read_file(dir / "signed_order_status_change")), 200);
  EXPECT_EQ(deliver(read_file(dir / "placeholder_signed_deauthorization")), 200);
  EXPECT_EQ(deliver(read_file(dir / "placeholder_signed_no_notification_id")), 200);
  EXPECT_EQ(deliver(read_file(dir / "uppercase_signature")), 200);  // a duplicate by now, or stored
  EXPECT_EQ(deliver(read_file(dir / "wrong_signature")), 401);
  EXPECT_EQ(deliver(read_file(dir / "unsigned")), 401);
  EXPECT_EQ(deliver(read_file(dir / "signed_not_an_object")), 401);
  EXPECT_EQ(deliver(read_file(dir / "wrong_method")), 405);
  EXPECT_EQ(deliver(read_file(dir / "wrong_path")), 404);
}

TEST(WebhookDeliveryFuzzRegression, HostileRequestsGetCleanRefusals) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"", 404},
      {std::string(1, '\0'), 404},
      {"POST\n/webhooks/tiktok\n", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:\n\n{}", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:" + std::string(64, 'g') + "\n\n{}", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":\"1\"}", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":1e400}", 401},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n" + std::string(5000, '['), 401},
      // A lone surrogate is not JSON; an id holding a NUL byte is, and is stored whole.
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":1,\"tts_notification_id\":"
       "\"\\ud800\"}",
       401},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":1,\"tts_notification_id\":"
       "\"a\\u0000b\"}",
       200},
      {"POST\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":-9223372036854775808,"
       "\"shop_id\":1.5,\"timestamp\":1e300}",
       200},
      {"POST\n/webhooks/tiktok\nAuthorization:0\nAuthorization:{sign}\n\n{\"type\":1}", 401},
      {"post\n/webhooks/tiktok\nAuthorization:{sign}\n\n{\"type\":1}", 405},
      {"POST\n/webhooks/tiktok/\nAuthorization:{sign}\n\n{\"type\":1}", 404},
  };
  for (const auto& [input, status] : cases) EXPECT_EQ(deliver(input), status) << input;
}

}  // namespace
