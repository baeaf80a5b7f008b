// webhook_events.hpp: TikTok Shop's webhook topics and the `data` object of each event the
// sandbox raises, written from TikTok's webhook pages (type numbers, names and data fields).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shop_data.hpp"

namespace sandbox {

// TikTok's event type numbers.
namespace topics {
inline constexpr int kOrderStatusChange = 1;
inline constexpr int kRecipientAddressUpdate = 3;
inline constexpr int kPackageUpdate = 4;
inline constexpr int kProductStatusChange = 5;
inline constexpr int kSellerDeauthorization = 6;
inline constexpr int kUpcomingAuthorizationExpiration = 7;
inline constexpr int kCancellationStatusChange = 11;
inline constexpr int kReturnStatusChange = 12;
inline constexpr int kProductInformationChange = 15;
inline constexpr int kProductCreation = 16;
inline constexpr int kInventoryStatusChange = 27;
}  // namespace topics

// A topic: its number in event bodies and its name in subscriptions (event_type).
struct WebhookTopic {
  int type;
  std::string_view event_type;
};

// Every topic a shop can subscribe to in the sandbox.
std::span<const WebhookTopic> webhook_topics();
// The subscription name of `type`, or nullopt for a number the sandbox does not know.
std::optional<std::string_view> topic_name(int type);

// One event raised by a data change, before it is addressed and numbered.
struct WebhookEvent {
  int type = 0;
  std::string data_json;  // the event's `data` object
};

// The exact bytes POSTed: {"type","tts_notification_id","shop_id","timestamp","data"}.
std::string webhook_body(const WebhookEvent& event, std::string_view notification_id,
                         std::string_view shop_id, std::int64_t timestamp);

// Events of data changes. `now` is the change's time (unix seconds).
WebhookEvent order_status_event(const Order& order);
WebhookEvent cancellation_status_event(const Cancellation& cancellation);
WebhookEvent return_status_event(const ReturnOrder& r);
// A product was created: PRODUCT_CREATION.
WebhookEvent product_creation_event(const Product& product);
// A platform-side status change (first review passed, deleted): PRODUCT_STATUS_CHANGE.
WebhookEvent product_status_event(const Product& product, std::string_view status);
// A live product's properties changed through the API: PRODUCT_INFORMATION_CHANGE.
WebhookEvent product_information_event(const Product& product,
                                       const std::vector<std::string>& changed_fields);
// A SKU's stock crossed into OUT_OF_STOCK (REALTIME alert): INVENTORY_STATUS_CHANGE.
WebhookEvent inventory_status_event(const Product& product, const Sku& sku, std::int64_t now);
// Authorization events for `shop_id`.
WebhookEvent seller_deauthorization_event(std::string_view shop_id);
WebhookEvent authorization_expiration_event(std::string_view shop_id, std::int64_t expires_at,
                                            std::int64_t now);

// Total stock of a SKU over its warehouses.
std::int64_t total_quantity(const Sku& sku);

}  // namespace sandbox
