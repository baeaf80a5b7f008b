// The tests' own signer must reproduce TikTok's public vectors before it may judge the sandbox.
#include <gtest/gtest.h>

#include "test_signer.hpp"

namespace sandbox_test {
namespace {

TEST(TestSigner, ReproducesTikTokWorkedExampleVector1) {
  EXPECT_EQ(sign_request("e59af819cc", "/authorization/202309/shops",
                         {{"app_key", "29a39d"}, {"timestamp", "1623812664"}}, ""),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
}

TEST(TestSigner, ReproducesWebhookPutVector3WithBody) {
  EXPECT_EQ(
      sign_request("e59af819cc", "/event/202309/webhooks",
                   {{"app_key", "68xu9ks5p4i8"},
                    {"shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK"},
                    {"timestamp", "1696909648"}},
                   R"({"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"})"),
      "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7");
}

}  // namespace
}  // namespace sandbox_test
