// The default delivery path: the connector's describe names it, or the host makes one from the
// connector id; nothing a connector writes there can give a path that does not start with '/'.
#include <gtest/gtest.h>

#include "webhook/delivery_path.hpp"

namespace host::webhook {
namespace {

TEST(DeliveryPath, TheConnectorsDescribedPathIsTheDefault) {
  EXPECT_EQ(
      default_delivery_path("shop-x", R"({"id":"shop-x","webhooks":{"delivery_path":"/in"}})"),
      "/in");
}

TEST(DeliveryPath, AConnectorThatNamesNoneGetsOneFromItsId) {
  EXPECT_EQ(default_delivery_path("shop-x", R"({"id":"shop-x"})"), "/webhooks/shop-x");
  EXPECT_EQ(default_delivery_path("shop-x", R"({"webhooks":{}})"), "/webhooks/shop-x");
}

TEST(DeliveryPath, AnUnusableDeclarationFallsBackToTheIdPath) {
  for (const char* describe :
       {R"({"webhooks":{"delivery_path":"in"}})", R"({"webhooks":{"delivery_path":""}})",
        R"({"webhooks":{"delivery_path":7}})", R"({"webhooks":"/in"})", "not json", ""}) {
    EXPECT_EQ(default_delivery_path("shop-x", describe), "/webhooks/shop-x") << describe;
  }
}

}  // namespace
}  // namespace host::webhook
