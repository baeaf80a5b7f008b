// webhook_e2e_fixture.hpp: the real TikTok Shop connector loaded as a host loads it, one opened
// connection, a state database in a temp directory, and the webhook delivery handler over them.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include <connector_abi/connector.hpp>

#include "loader/connector_description.hpp"
#include "loader/connector_loader.hpp"
#include "reference_hmac.hpp"
#include "store/connection_tables.hpp"
#include "test_directory.hpp"
#include "webhook/delivery_handler.hpp"
#include "webhook/delivery_path.hpp"
#include "webhook/inbox_writer.hpp"
#include "webhook/webhook_tables.hpp"

namespace host::webhook::test {

// The delivery path the TikTok Shop connector's describe document names (webhooks.delivery_path),
// which the fixture's handler serves: a connector that stopped naming it would get
// /webhooks/tiktok-shop, and every delivery below would be answered 404.
inline constexpr const char* kDeliveryPath = "/webhooks/tiktok";

// Lowercase hex HMAC-SHA256(secret, app_key + body): how TikTok signs a delivery.
inline std::string tiktok_signature(std::string_view secret, std::string_view app_key,
                                    std::string_view body) {
  return test_support::hmac_sha256_hex(secret, std::string(app_key) + std::string(body));
}

// A delivery body in TikTok's envelope.
inline std::string delivery_body(std::string_view notification_id, int type = 1,
                                 std::string_view shop_id = "7494726673780148744") {
  return "{\"type\":" + std::to_string(type) + ",\"tts_notification_id\":\"" +
         std::string(notification_id) + "\",\"shop_id\":\"" + std::string(shop_id) +
         "\",\"timestamp\":1664095733,\"data\":{\"order_id\":\"576684019603311365\","
         "\"order_status\":\"AWAITING_SHIPMENT\"}}";
}

class WebhookConnectionFixture : public ::testing::Test {
 protected:
  static constexpr const char* kConnectionName = "tiktok-test";

  // Loads the plugin and opens a connection with this app key and secret.
  void open(std::string_view app_key, std::string_view app_secret) {
    loader::ConnectorManifest manifest;
    manifest.id = "tiktok-shop";
    manifest.library = TIKTOK_SHOP_PLUGIN_PATH;
    manifest.abi_major = CNX_ABI_MAJOR;
    loader::LoadOutcome loaded = loader::load_connector(manifest);
    ASSERT_TRUE(loaded.connector) << loaded.error;
    connector_ = loaded.connector;
    app_key_ = app_key;
    app_secret_ = app_secret;
    const std::string config =
        R"({"name":"t","oauth_client":{"service_region":"non_us","client_id":")" +
        std::string(app_key) + R"(","client_secret":")" + std::string(app_secret) +
        R"(","service_id":"1"},"app_key":")" + std::string(app_key) + R"(","app_secret":")" +
        std::string(app_secret) + "\"}";
    const cnx_connector_api& api = connector_->api();
    cnx_connection* handle = nullptr;
    cnx_error* error = nullptr;
    const cnx_status code = api.connection_open(nullptr, cnx::to_cnx_str(config), &handle, &error);
    const cnx::Status status = cnx::Status::from_call(api, code, error);
    ASSERT_TRUE(status.ok()) << status.to_string();
    connection_ = cnx::adopt(handle, loader::releaser_for(connector_));

    inbox_ = std::make_unique<InboxWriter>(database_path());
    DeliveryTarget target;
    target.api = &api;
    target.connection = connection_.get();
    target.connection_name = kConnectionName;
    target.path = default_delivery_path(manifest.id, loader::describe_connector(*connector_).json);
    handler_ = std::make_unique<DeliveryHandler>(target, *inbox_);
  }

  http::IncomingRequest post(std::string body, std::string signature,
                             std::string target = kDeliveryPath) const {
    http::IncomingRequest request;
    request.method = "POST";
    request.target = std::move(target);
    request.headers.push_back({"Content-Type", "application/json"});
    if (!signature.empty()) request.headers.push_back({"Authorization", std::move(signature)});
    request.body = std::move(body);
    request.remote = "127.0.0.1:1";
    return request;
  }

  http::IncomingRequest signed_post(const std::string& body) const {
    return post(body, tiktok_signature(app_secret_, app_key_, body));
  }

  std::filesystem::path database_path() const { return dir_.path() / store::kStateDatabaseFile; }

  // A connection of the test's own, as another process (a drain, a listing) would open.
  std::unique_ptr<store::Database> open_database() const {
    return store::Database::open(database_path());
  }

  int64_t inbox_rows() const { return count_events(*open_database(), kConnectionName, false); }

  test_support::TestDirectory dir_{"webhook"};
  std::shared_ptr<const loader::LoadedConnector> connector_;
  cnx::ConnectionPtr connection_;
  std::string app_key_;
  std::string app_secret_;
  std::unique_ptr<InboxWriter> inbox_;
  std::unique_ptr<DeliveryHandler> handler_;
};

}  // namespace host::webhook::test
