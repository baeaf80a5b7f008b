// shop_data.hpp: the records a sandbox shop holds. Plain structs; the state's mutex guards them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "sandbox/server.hpp"

namespace sandbox {

struct WarehouseStock {
  std::string warehouse_id;
  std::int64_t quantity = 0;
  bool operator==(const WarehouseStock&) const = default;
};

struct Sku {
  std::string id;
  std::string seller_sku;
  std::string price;  // decimal string, as TikTok sends amounts
  std::string currency;
  std::vector<WarehouseStock> inventory;
  // Field by field: a write that leaves a SKU equal did not change it.
  bool operator==(const Sku&) const = default;
};

struct Product {
  std::string id;
  std::string title;
  std::string description;
  std::string status;  // ACTIVATE, SELLER_DEACTIVATED, DRAFT, DELETED, ...
  std::string category_id;
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
  std::vector<Sku> skus;
  // Field by field, times included (compare with equal update_time to ask "same content?").
  bool operator==(const Product&) const = default;
};

struct LineItem {
  std::string id;
  std::string product_id;
  std::string sku_id;
  std::string product_name;
  std::string seller_sku;
  std::string sale_price;
  std::string currency;
};

struct Order {
  std::string id;
  std::string status;
  std::string user_id;
  std::string buyer_email;
  std::string warehouse_id;
  std::string currency;
  std::string sub_total;
  std::string shipping_fee;
  std::string total_amount;
  std::string recipient_name;
  std::string postal_code;
  std::string region_code;
  std::string tracking_number;
  std::string shipping_provider;
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
  std::int64_t paid_time = 0;
  std::vector<LineItem> line_items;
  std::vector<std::string> package_ids;
  // External order references (Add External Order References): platform -> external id.
  std::map<std::string, std::string> external_orders;
};

// One entry of a return's history (Get Return Records).
struct ReturnRecord {
  std::string event;  // BUYER_REQUEST, SELLER_APPROVE, SELLER_REJECT, ...
  std::string description;
  std::int64_t create_time = 0;
};

// A return or a cancellation: an after-sales request on an order. TikTok's Return and Refund API
// gives both the same fields under their own prefix (return_id / cancel_id, return_status /
// cancel_status, ...; record_json.cpp writes them).
struct AfterSaleRequest {
  std::string id;
  std::string order_id;
  std::string status;
  std::string type;  // returns: RETURN_AND_REFUND, REFUND; cancellations: BUYER_CANCEL, CANCEL
  std::string reason;
  std::string refund_total;
  std::string currency;
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
};

struct ReturnOrder : AfterSaleRequest {
  std::vector<ReturnRecord> records;
};

struct Cancellation : AfterSaleRequest {};

struct Package {
  std::string id;
  std::string order_id;
  std::string package_status;  // PROCESSING, FULFILLING, COMPLETED, CANCELLED
  std::string shipping_provider_id;
  std::string shipping_provider_name;
  std::string tracking_number;
  std::string handover_method;
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
  bool delivered_by_seller = false;  // Update Package Delivery Status
};

struct TrackingEvent {
  std::string description;
  std::int64_t update_time_millis = 0;
};

struct StatementTransaction {
  std::string id;
  std::string type;  // ORDER, ADJUSTMENT
  std::string order_id;
  std::int64_t order_create_time = 0;
  std::string revenue_amount;
  std::string fee_amount;
  std::string settlement_amount;
};

struct Statement {
  std::string id;
  std::int64_t statement_time = 0;
  std::string currency;
  std::string revenue_amount;
  std::string fee_amount;
  std::string adjustment_amount;
  std::string settlement_amount;
  std::string payment_status;  // PAID, PROCESSING, FAILED
  std::string payment_id;
  std::vector<StatementTransaction> transactions;
};

struct Warehouse {
  std::string id;
  std::string name;
  std::string type;      // SALES_WAREHOUSE, RETURN_WAREHOUSE
  std::string sub_type;  // DOMESTIC_WAREHOUSE
  std::string effect_status;
  bool is_default = false;
  std::string city;
  std::string full_address;
};

struct WebhookSubscription {
  std::string address;
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
};

// One shop's data. Vectors keep seed order; the index maps point into them.
struct ShopData {
  ShopInfo info;
  int number = 0;  // 1, 2, ... in seller order; 0: the other seller's shop. Seeds its data.
  // Whether the records below were made (seed_shop_records, when the shop is first named).
  bool records_seeded = false;
  std::string currency;
  std::vector<Product> products;
  std::unordered_map<std::string, size_t> product_index;
  std::vector<Order> orders;
  std::unordered_map<std::string, size_t> order_index;
  std::vector<ReturnOrder> returns;
  std::vector<Cancellation> cancellations;
  std::vector<Package> packages;
  std::map<std::string, std::vector<TrackingEvent>> tracking;  // order id -> events
  std::vector<Statement> statements;
  std::vector<Warehouse> warehouses;
  std::map<std::string, WebhookSubscription> webhooks;  // event_type -> subscription
  bool deauthorized = false;  // DELETE /authorization/202403/shops: no token covers it any more
  // Create Product's body idempotency_key -> the product it created, so a retry creates nothing.
  std::map<std::string, std::string> create_product_keys;

  Product* find_product(const std::string& id) {
    auto it = product_index.find(id);
    return it == product_index.end() ? nullptr : &products[it->second];
  }
  Order* find_order(const std::string& id) {
    auto it = order_index.find(id);
    return it == order_index.end() ? nullptr : &orders[it->second];
  }
};

}  // namespace sandbox
