// webhook_events.cpp: event bodies and the data object of each topic.
#include "webhook_events.hpp"

#include <algorithm>

#include <json_writer/json_writer.hpp>

namespace sandbox {
namespace {

constexpr WebhookTopic kTopics[] = {
    {topics::kOrderStatusChange, "ORDER_STATUS_CHANGE"},
    {topics::kRecipientAddressUpdate, "RECIPIENT_ADDRESS_UPDATE"},
    {topics::kPackageUpdate, "PACKAGE_UPDATE"},
    {topics::kProductStatusChange, "PRODUCT_STATUS_CHANGE"},
    {topics::kSellerDeauthorization, "SELLER_DEAUTHORIZATION"},
    {topics::kUpcomingAuthorizationExpiration, "UPCOMING_AUTHORIZATION_EXPIRATION"},
    {topics::kCancellationStatusChange, "CANCELLATION_STATUS_CHANGE"},
    {topics::kReturnStatusChange, "RETURN_STATUS_CHANGE"},
    {topics::kProductInformationChange, "PRODUCT_INFORMATION_CHANGE"},
    {topics::kProductCreation, "PRODUCT_CREATION"},
    {topics::kInventoryStatusChange, "INVENTORY_STATUS_CHANGE"},
};

// Runs `fill` between begin_object and end_object and wraps the result as an event.
template <typename Fill>
WebhookEvent make_event(int type, Fill fill) {
  WebhookEvent event;
  event.type = type;
  jsonw::Writer w(event.data_json);
  w.begin_object();
  fill(w);
  w.end_object();
  return event;
}

}  // namespace

std::span<const WebhookTopic> webhook_topics() { return kTopics; }

std::optional<std::string_view> topic_name(int type) {
  auto it = std::find_if(std::begin(kTopics), std::end(kTopics),
                         [type](const WebhookTopic& t) { return t.type == type; });
  if (it == std::end(kTopics)) return std::nullopt;
  return it->event_type;
}

std::string webhook_body(const WebhookEvent& event, std::string_view notification_id,
                         std::string_view shop_id, std::int64_t timestamp) {
  std::string body;
  jsonw::Writer w(body);
  w.begin_object().field("type", event.type).field("tts_notification_id", notification_id);
  w.field("shop_id", shop_id).field("timestamp", timestamp);
  w.raw_field("data", event.data_json).end_object();
  return body;
}

WebhookEvent order_status_event(const Order& order) {
  return make_event(topics::kOrderStatusChange, [&](jsonw::Writer& w) {
    w.field("order_id", order.id).field("order_status", order.status);
    w.field("is_on_hold_order", order.status == "ON_HOLD");
    w.field("update_time", order.update_time);
  });
}

WebhookEvent cancellation_status_event(const Cancellation& c) {
  return make_event(topics::kCancellationStatusChange, [&](jsonw::Writer& w) {
    w.field("order_id", c.order_id);
    w.field("cancellations_role", c.type == "BUYER_CANCEL" ? "BUYER" : "SELLER");
    w.field("cancel_status", c.status).field("cancel_id", c.id);
    w.field("create_time", c.create_time);
  });
}

WebhookEvent return_status_event(const ReturnOrder& r) {
  return make_event(topics::kReturnStatusChange, [&](jsonw::Writer& w) {
    w.field("order_id", r.order_id).field("return_role", "BUYER");
    w.field("return_type", r.type).field("return_status", r.status);
    w.field("return_id", r.id).field("create_time", r.create_time);
    w.field("update_time", r.update_time);
  });
}

WebhookEvent product_creation_event(const Product& product) {
  return make_event(topics::kProductCreation, [&](jsonw::Writer& w) {
    w.field("product_id", product.id).key("product_types").begin_array().end_array();
    w.field("update_time", product.create_time);
  });
}

WebhookEvent product_status_event(const Product& product, std::string_view status) {
  return make_event(topics::kProductStatusChange, [&](jsonw::Writer& w) {
    w.field("product_id", product.id).field("status", status).field("suspended_reason", "");
    w.field("update_time", product.update_time);
  });
}

WebhookEvent product_information_event(const Product& product,
                                       const std::vector<std::string>& changed_fields) {
  return make_event(topics::kProductInformationChange, [&](jsonw::Writer& w) {
    w.field("product_id", product.id).field("change_source", "OPEN_API");
    w.key("changed_fields").begin_array();
    for (const auto& f : changed_fields) w.value(f);
    w.end_array().field("update_time", product.update_time);
  });
}

WebhookEvent inventory_status_event(const Product& product, const Sku& sku, std::int64_t now) {
  const std::int64_t total = total_quantity(sku);
  return make_event(topics::kInventoryStatusChange, [&](jsonw::Writer& w) {
    w.field("product_id", product.id).field("sku_id", sku.id);
    w.key("trigger_reason").begin_object().field("alert_type", "REALTIME");
    w.field("low_stock_threshold", 0).end_object();
    w.field("current_inventory_status", total == 0 ? "OUT_OF_STOCK" : "SUFFICIENT_STOCK");
    w.key("inventory_distribution").begin_object().field("total_quantity", total);
    w.field("available_quantity", total).field("creator_reserved_quantity", 0);
    w.field("campaign_reserved_quantity", 0).field("committed_quantity", 0).end_object();
    w.field("update_time", now);
  });
}

WebhookEvent seller_deauthorization_event(std::string_view shop_id) {
  return make_event(topics::kSellerDeauthorization, [&](jsonw::Writer& w) {
    w.field("message",
            "Shop_id " + std::string(shop_id) + " is deauthorized from your APP by merchant.");
  });
}

WebhookEvent authorization_expiration_event(std::string_view shop_id, std::int64_t expires_at,
                                            std::int64_t now) {
  const std::int64_t days = std::max<std::int64_t>(0, (expires_at - now) / 86400);
  return make_event(topics::kUpcomingAuthorizationExpiration, [&](jsonw::Writer& w) {
    w.field("message", "Authorization of shop_id " + std::string(shop_id) + " is expiring in " +
                           std::to_string(days) +
                           " days. Please direct the merchant to re-authorize.");
    // TikTok sends this one time as a string of digits.
    w.field("expiration_time", std::to_string(expires_at));
  });
}

std::int64_t total_quantity(const Sku& sku) {
  std::int64_t total = 0;
  for (const auto& stock : sku.inventory) total += stock.quantity;
  return total;
}

}  // namespace sandbox
