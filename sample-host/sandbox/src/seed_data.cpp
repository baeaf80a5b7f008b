// seed_data.cpp: deterministic shops, products, orders, packages, after-sales and statements.
#include "seed_data.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <unordered_set>

namespace sandbox {
namespace {

// Ids of shop number N are 1720000000000000000 + N * kIdsPerShop + a draw below kIdsPerShop:
// 19 digits like TikTok's 64-bit ids, unique across shops by construction, so a shop's data
// needs no other shop's to be made.
constexpr std::uint64_t kFirstId = 1720000000000000000ULL;
constexpr std::uint64_t kIdsPerShop = 10000000000000ULL;  // 1e13: kMaxShops shops below 1.83e18

// One stream of draws, from (seed, number, stream) alone. Each shop has two, its identity (id,
// cipher, code) and its records, so that its records can be made whenever it is first used; each
// seller has one (its open_id), numbered by the seller.
class SeedRandom {
 public:
  SeedRandom(std::uint64_t seed, int shop_number, std::uint64_t stream)
      : rng_(mix(seed ^ mix(static_cast<std::uint64_t>(shop_number) * 4 + stream))),
        id_base_(kFirstId + static_cast<std::uint64_t>(shop_number) * kIdsPerShop) {}

  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  std::string pick(std::span<const std::string_view> items) {
    return std::string(
        items[static_cast<size_t>(between(0, static_cast<std::int64_t>(items.size()) - 1))]);
  }
  // A unique 19-digit id of this shop's range; never `reserve`d ones.
  std::string id() {
    while (true) {
      std::string s = std::to_string(id_base_ + rng_() % kIdsPerShop);
      if (used_.insert(s).second) return s;
    }
  }
  void reserve(const std::string& id) { used_.insert(id); }
  std::string letters(size_t n) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (size_t i = 0; i < n; ++i) out.push_back(kAlphabet[rng_() % 62]);
    return out;
  }
  // A time in [now - window, now].
  std::int64_t time_in_window(std::int64_t now, std::int64_t window) {
    return now - between(0, window);
  }

  // SplitMix64's finalizer: nearby seeds and shop numbers give unrelated streams.
  static std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }

 private:
  std::mt19937_64 rng_;
  std::uint64_t id_base_;
  std::unordered_set<std::string> used_;
};

constexpr std::uint64_t kIdentityStream = 0;
constexpr std::uint64_t kRecordsStream = 1;
constexpr std::uint64_t kSellerStream = 2;

std::string money(std::int64_t cents) {
  std::string frac = std::to_string(cents % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::to_string(cents / 100) + "." + frac;
}

std::int64_t cents_of(const std::string& amount) {
  const size_t dot = amount.find('.');
  return std::stoll(amount.substr(0, dot)) * 100 +
         (dot == std::string::npos ? 0 : std::stoll(amount.substr(dot + 1)));
}

constexpr std::string_view kAdjectives[] = {"Cozy",   "Bright", "Classic", "Urban", "Silky",
                                            "Rugged", "Tiny",   "Bold",    "Calm",  "Vivid"};
constexpr std::string_view kNouns[] = {"Mug",      "Hoodie",   "Lamp",   "Backpack", "Scarf",
                                       "Sneakers", "Notebook", "Bottle", "Candle",   "Headphones"};
// Order statuses as Get Order Detail names them (202309 and 202507 alike).
constexpr std::string_view kOrderStatuses[] = {"UNPAID",
                                               "ON_HOLD",
                                               "AWAITING_SHIPMENT",
                                               "AWAITING_SHIPMENT",
                                               "AWAITING_COLLECTION",
                                               "IN_TRANSIT",
                                               "DELIVERED",
                                               "COMPLETED",
                                               "COMPLETED",
                                               "CANCELLED",
                                               "PARTIALLY_SHIPPING"};
// Every return status of Search Returns 202309 (return_status filter), pending twice so that
// decisions have something to act on.
constexpr std::string_view kReturnStatuses[] = {"RETURN_OR_REFUND_REQUEST_PENDING",
                                                "RETURN_OR_REFUND_REQUEST_PENDING",
                                                "REFUND_OR_RETURN_REQUEST_REJECT",
                                                "AWAITING_BUYER_SHIP",
                                                "BUYER_SHIPPED_ITEM",
                                                "REJECT_RECEIVE_PACKAGE",
                                                "RETURN_OR_REFUND_REQUEST_SUCCESS",
                                                "RETURN_OR_REFUND_REQUEST_CANCEL",
                                                "RETURN_OR_REFUND_REQUEST_COMPLETE",
                                                "AWAITING_BUYER_RESPONSE"};
constexpr std::string_view kCancelStatuses[] = {
    "CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_SUCCESS",
    "CANCELLATION_REQUEST_CANCEL", "CANCELLATION_REQUEST_COMPLETE"};
constexpr std::string_view kProviders[] = {"USPS", "UPS", "FedEx", "Royal Mail"};

// Shop number `number` (0: the other seller's shop, a US shop) without its records.
ShopData make_shop(std::uint64_t seed, int number, int seller) {
  SeedRandom r(seed, number, kIdentityStream);
  ShopData shop;
  shop.number = number;
  const bool us = number % 2 == 1 || number == 0;
  shop.info.id = r.id();
  shop.info.name = number > 0 ? "Sandbox Shop " + std::to_string(number) : "Other Seller Shop";
  shop.info.region = us ? "US" : "GB";
  shop.info.seller_type = us ? "LOCAL" : "CROSS_BORDER";
  shop.info.cipher = "ROW_" + r.letters(28);
  // Unique per shop number, as TikTok's shop codes are.
  shop.info.code = (us ? "USLC" : "GBLC") + std::to_string(100000 + number * 89 + r.between(0, 88));
  shop.info.owned_by_authorizing_seller = number > 0;
  shop.info.seller = seller;
  shop.currency = us ? "USD" : "GBP";
  return shop;
}

// Shop `k` of `n` (from 0): the full rate for the first, (1 - spread) of it for the last, in
// thousandths (10 * (1 - 0.8) is 2, not the 1.9999999999999996 that would refuse a second call).
double shop_rate_limit(const SandboxOptions& o, int k, int n) {
  if (n < 2) return o.rate_limit_per_second;
  return std::round(o.rate_limit_per_second * (1 - o.rate_limit_spread * k / (n - 1)) * 1000) /
         1000;
}

void seed_catalog(SeedRandom& r, const SandboxOptions& o, std::int64_t now, ShopData& shop) {
  for (int i = 0; i < std::max(1, o.warehouses); ++i) {
    Warehouse wh;
    wh.id = r.id();
    wh.name = "Sandbox Warehouse " + std::to_string(i + 1);
    wh.type = "SALES_WAREHOUSE";
    wh.sub_type = "DOMESTIC_WAREHOUSE";
    wh.effect_status = "ENABLED";
    wh.is_default = i == 0;
    wh.city = shop.info.region == "US" ? "Los Angeles" : "London";
    wh.full_address = std::to_string(100 + i) + " Sandbox Road, " + wh.city;
    shop.warehouses.push_back(std::move(wh));
  }
  for (int i = 0; i < o.products; ++i) {
    Product p;
    p.id = r.id();
    p.title = r.pick(kAdjectives) + " " + r.pick(kNouns) + " #" + std::to_string(i + 1);
    p.description = "<p>" + p.title + ", seeded by the sandbox.</p>";
    const auto roll = r.between(0, 99);
    p.status = roll < 80 ? "ACTIVATE" : roll < 92 ? "SELLER_DEACTIVATED" : "DRAFT";
    p.category_id = std::to_string(600000 + r.between(1, 999));
    p.create_time = r.time_in_window(now, o.data_window_seconds);
    p.update_time = p.create_time + r.between(0, now - p.create_time);
    const auto sku_count = r.between(1, 3);
    for (std::int64_t s = 0; s < sku_count; ++s) {
      Sku sku;
      sku.id = r.id();
      sku.seller_sku = "SKU-" + std::to_string(i + 1) + "-" + std::to_string(s + 1);
      sku.price = money(r.between(299, 19999));
      sku.currency = shop.currency;
      for (const auto& wh : shop.warehouses) sku.inventory.push_back({wh.id, r.between(0, 500)});
      p.skus.push_back(std::move(sku));
    }
    shop.product_index[p.id] = shop.products.size();
    shop.products.push_back(std::move(p));
  }
}

void seed_orders(SeedRandom& r, const SandboxOptions& o, std::int64_t now, ShopData& shop) {
  for (int i = 0; i < o.orders; ++i) {
    Order order;
    order.id = r.id();
    order.status = r.pick(kOrderStatuses);
    order.user_id = r.id();
    order.buyer_email = "buyer" + std::to_string(r.between(1000, 9999)) + "@example.invalid";
    order.warehouse_id = shop.warehouses.front().id;
    order.currency = shop.currency;
    order.recipient_name = "Buyer " + std::to_string(i + 1);
    order.postal_code =
        shop.info.region == "US" ? std::to_string(r.between(10000, 99999)) : "EC1A 1BB";
    order.region_code = shop.info.region;
    order.create_time = r.time_in_window(now, o.data_window_seconds);
    if (order.status != "UNPAID")
      order.paid_time = std::min(now, order.create_time + r.between(30, 3600));
    const std::int64_t earliest = std::max(order.create_time, order.paid_time);
    order.update_time = earliest + r.between(0, now - earliest);
    std::int64_t total = 0;
    const auto items = shop.products.empty() ? 0 : r.between(1, 3);
    for (std::int64_t k = 0; k < items; ++k) {
      const Product& p = shop.products[static_cast<size_t>(
          r.between(0, static_cast<std::int64_t>(shop.products.size()) - 1))];
      const Sku& sku =
          p.skus[static_cast<size_t>(r.between(0, static_cast<std::int64_t>(p.skus.size()) - 1))];
      order.line_items.push_back(
          {r.id(), p.id, sku.id, p.title, sku.seller_sku, sku.price, shop.currency});
      total += cents_of(sku.price);
    }
    const std::int64_t shipping = r.between(0, 999);
    order.sub_total = money(total);
    order.shipping_fee = money(shipping);
    order.total_amount = money(total + shipping);
    shop.order_index[order.id] = shop.orders.size();
    shop.orders.push_back(std::move(order));
  }
}

std::string package_status_for(std::string& order_status) {
  if (order_status == "UNPAID" || order_status == "ON_HOLD") order_status = "AWAITING_SHIPMENT";
  if (order_status == "AWAITING_SHIPMENT") return "PROCESSING";
  if (order_status == "AWAITING_COLLECTION" || order_status == "PARTIALLY_SHIPPING")
    return "FULFILLING";
  if (order_status == "CANCELLED") return "CANCELLED";
  return "COMPLETED";
}

void seed_packages(SeedRandom& r, const SandboxOptions& o, std::int64_t now, ShopData& shop) {
  const size_t count = std::min(static_cast<size_t>(std::max(0, o.packages)), shop.orders.size());
  for (size_t i = 0; i < count; ++i) {
    Order& order = shop.orders[i];
    Package p;
    p.id = r.id();
    p.order_id = order.id;
    p.package_status = package_status_for(order.status);
    p.shipping_provider_id = std::to_string(r.between(6000000, 6999999));
    p.shipping_provider_name = r.pick(kProviders);
    p.create_time = std::max(order.create_time, order.paid_time);
    p.update_time = std::max(p.create_time, order.update_time);
    if (p.package_status != "PROCESSING" && p.package_status != "CANCELLED") {
      p.tracking_number = "TT" + std::to_string(r.between(100000000000LL, 999999999999LL));
      p.handover_method = "PICKUP";
      order.tracking_number = p.tracking_number;
      order.shipping_provider = p.shipping_provider_name;
      auto& events = shop.tracking[order.id];
      events.push_back({"Package picked up by carrier", p.create_time * 1000 + 3600000});
      if (p.package_status == "COMPLETED")
        events.push_back({"Package delivered", std::min(now, p.update_time) * 1000});
    }
    order.package_ids.push_back(p.id);
    shop.packages.push_back(std::move(p));
  }
}

// What differs between the seeded returns and cancellations.
struct RequestKind {
  std::span<const std::string_view> statuses;
  std::string_view type_a, type_b;  // one of the two, evenly
  std::string_view reason;
};

// A request on an order `pick_order` draws, made after it at a random time up to `now`. The
// draws come in the order the seeded data has always been made: id, order, times, status, type.
template <typename Request, typename PickOrder>
Request seeded_request(SeedRandom& r, std::int64_t now, PickOrder pick_order,
                       const RequestKind& kind) {
  Request rec;
  rec.id = r.id();
  const Order& order = pick_order();
  rec.order_id = order.id;
  rec.create_time = order.create_time + r.between(0, now - order.create_time);
  rec.update_time = rec.create_time + r.between(0, now - rec.create_time);
  rec.refund_total = order.total_amount;
  rec.currency = order.currency;
  rec.status = r.pick(kind.statuses);
  rec.type = std::string(r.between(0, 1) ? kind.type_a : kind.type_b);
  rec.reason = std::string(kind.reason);
  return rec;
}

void seed_after_sales(SeedRandom& r, const SandboxOptions& o, std::int64_t now, ShopData& shop) {
  if (shop.orders.empty()) return;
  auto random_order = [&]() -> const Order& {
    return shop.orders[static_cast<size_t>(
        r.between(0, static_cast<std::int64_t>(shop.orders.size()) - 1))];
  };
  const RequestKind returns{kReturnStatuses, "RETURN_AND_REFUND", "REFUND",
                            "ecom_order_delivered_refund_and_return_reason_wrong_item"};
  for (int i = 0; i < o.returns; ++i) {
    auto rec = seeded_request<ReturnOrder>(r, now, random_order, returns);
    rec.records.push_back({"BUYER_REQUEST", "Buyer requested a return", rec.create_time});
    shop.returns.push_back(std::move(rec));
  }
  const RequestKind cancellations{kCancelStatuses, "BUYER_CANCEL", "CANCEL",
                                  "ecom_order_unpaid_cancel_reason_no_longer_needed"};
  for (int i = 0; i < o.cancellations; ++i) {
    shop.cancellations.push_back(seeded_request<Cancellation>(r, now, random_order, cancellations));
  }
}

void seed_statements(SeedRandom& r, const SandboxOptions& o, std::int64_t now, ShopData& shop) {
  const std::int64_t today = now - now % 86400;
  for (int i = 0; i < o.statements; ++i) {
    Statement s;
    s.id = r.id();
    s.statement_time = today - static_cast<std::int64_t>(i) * 86400;
    s.currency = shop.currency;
    std::int64_t revenue = 0, fees = 0;
    for (int t = 0; t < o.transactions_per_statement; ++t) {
      StatementTransaction tx;
      tx.id = r.id();
      tx.type = "ORDER";
      if (!shop.orders.empty()) {
        const Order& order = shop.orders[static_cast<size_t>(
            r.between(0, static_cast<std::int64_t>(shop.orders.size()) - 1))];
        tx.order_id = order.id;
        tx.order_create_time = order.create_time;
      }
      const std::int64_t rev = r.between(500, 20000), fee = rev / 10;
      tx.revenue_amount = money(rev);
      tx.fee_amount = "-" + money(fee);
      tx.settlement_amount = money(rev - fee);
      revenue += rev;
      fees += fee;
      s.transactions.push_back(std::move(tx));
    }
    s.revenue_amount = money(revenue);
    s.fee_amount = "-" + money(fees);
    s.adjustment_amount = "0.00";
    s.settlement_amount = money(revenue - fees);
    s.payment_status = i < 2 ? "PROCESSING" : "PAID";
    s.payment_id = r.id();
    shop.statements.push_back(std::move(s));
  }
}

}  // namespace

SeededWorld seed_world(const SandboxOptions& options) {
  const int sellers = std::max(1, options.seller_count);
  const int per_seller = std::max(1, options.shop_count);
  const int owned = sellers * per_seller;
  std::vector<ShopData> shops;
  shops.reserve(static_cast<size_t>(owned) + 1);
  std::vector<SellerAccount> accounts(static_cast<size_t>(sellers));
  for (int k = 0; k < owned; ++k) {
    const int seller = k / per_seller;
    ShopData shop = make_shop(options.seed, k + 1, seller);
    shop.info.rate_limit_per_second = shop_rate_limit(options, k, owned);
    SellerAccount& account = accounts[static_cast<size_t>(seller)];
    if (account.shop_ids.empty()) account.base_region = shop.info.region;
    account.shop_ids.push_back(shop.info.id);
    shops.push_back(std::move(shop));
  }
  ShopData other = make_shop(options.seed, 0, sellers);
  other.info.rate_limit_per_second = options.rate_limit_per_second;
  shops.push_back(std::move(other));
  for (int seller = 0; seller < sellers; ++seller) {
    SellerAccount& account = accounts[static_cast<size_t>(seller)];
    account.name = "Sandbox Seller " + std::to_string(seller);
    account.open_id = "open_" + SeedRandom(options.seed, seller, kSellerStream).letters(24);
  }
  TokenRegistry tokens(
      {options.auth_code_lifetime, options.access_token_lifetime, options.refresh_token_lifetime},
      std::move(accounts), options.seed);
  return SeededWorld{std::move(shops), std::move(tokens)};
}

void seed_shop_records(const SandboxOptions& options, std::int64_t now, ShopData& shop) {
  if (shop.records_seeded) return;
  shop.records_seeded = true;
  SeedRandom r(options.seed, shop.number, kRecordsStream);
  r.reserve(shop.info.id);
  seed_catalog(r, options, now, shop);
  seed_orders(r, options, now, shop);
  seed_packages(r, options, now, shop);
  seed_after_sales(r, options, now, shop);
  seed_statements(r, options, now, shop);
}

}  // namespace sandbox
