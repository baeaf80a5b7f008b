// Runs the webhook delivery fuzz entry in the normal build: over its seeds, the inputs it once
// crashed on (regressions/fuzz_webhook_delivery) and fixed hostile requests. A broken invariant
// aborts the binary, so each of these tests fails by crashing; the status checks prove that the
// seeds reach the paths they are meant to (the signed ones the inbox, the others a refusal).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "host_webhook_fuzz_entry.hpp"

namespace {

int Deliver(const std::string& input) {
  return host_fuzz::RunWebhookDelivery(reinterpret_cast<const uint8_t*>(input.data()),
                                       input.size());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every regular file in `dir` except README.md; none when the directory does not exist.
std::vector<std::filesystem::path> InputsIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(WebhookDeliveryFuzzRegression, EverySeedAndRegressionInputKeepsTheInvariants) {
  const auto seeds = InputsIn(WEBHOOK_DELIVERY_SEEDS_DIR);
  ASSERT_FALSE(seeds.empty()) << WEBHOOK_DELIVERY_SEEDS_DIR;
  std::vector<std::filesystem::path> inputs = seeds;
  for (const auto& path : InputsIn(WEBHOOK_DELIVERY_REGRESSIONS_DIR)) inputs.push_back(path);
  for (const auto& path : inputs) {
    const int status = Deliver(ReadFile(path));
    EXPECT_TRUE(status == 200 || status == 401 || status == 404 || status == 405) << path;
  }
}

TEST(WebhookDeliveryFuzzRegression, SignedSeedsReachTheInboxAndOthersAreRefused) {
  const std::filesystem::path dir = WEBHOOK_DELIVERY_SEEDS_DIR;
  EXPECT_EQ(Deliver(ReadFile(dir / "signed_order_status_change")), 200);
  EXPECT_EQ(Deliver(ReadFile(dir / "placeholder_signed_deauthorization")), 200);
  EXPECT_EQ(Deliver(ReadFile(dir / "placeholder_signed_no_notification_id")), 200);
  EXPECT_EQ(Deliver(ReadFile(dir / "uppercase_signature")), 200);  // a duplicate by now, or stored
  EXPECT_EQ(Deliver(ReadFile(dir / "wrong_signature")), 401);
  EXPECT_EQ(Deliver(ReadFile(dir / "unsigned")), 401);
  EXPECT_EQ(Deliver(ReadFile(dir / "signed_not_an_object")), 401);
  EXPECT_EQ(Deliver(ReadFile(dir / "wrong_method")), 405);
  EXPECT_EQ(Deliver(ReadFile(dir / "wrong_path")), 404);
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
  for (const auto& [input, status] : cases) EXPECT_EQ(Deliver(input), status) << input;
}

}  // namespace
