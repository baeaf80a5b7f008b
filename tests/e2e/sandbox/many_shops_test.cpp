// Many shops and many sellers: each seller authorizes its own shops (grants, tokens, open_id),
// each shop has its own data (the same for a shop number whatever the counts) and its own rate
// limit, and the stats count each shop, the requests above its limit included.
#include <chrono>
#include <set>

#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class ManyShops : public SandboxTest {
 protected:
  // Few records per shop: these tests are about how many shops there are.
  sandbox::SandboxOptions many_shops_options(int sellers, int shops) {
    auto o = fast_options();
    o.seller_count = sellers;
    o.shop_count = shops;
    o.orders = 4;
    o.products = 3;
    o.returns = 2;
    o.cancellations = 2;
    o.packages = 2;
    o.statements = 2;
    return o;
  }

  // Approves the authorize page (with `extra_query`), exchanges the code; the token answer.
  Json authorize(const std::string& extra_query = "") {
    const auto page = http_once(
        server_->port(), "GET",
        "/open/authorize?service_id=" + url_encode(options_.service_id) + "&state=s" + extra_query);
    EXPECT_EQ(page.status, 302) << page.body;
    return parse_json(token_get(query_param(page.location, "code"), options_.app_secret).body);
  }

  // The shop ids the current access token lists (Get Authorized Shops).
  std::set<std::string> authorized_shop_ids() {
    const Json shops = parse_json(call("GET", "/authorization/202309/shops").body);
    EXPECT_EQ(shops.code(), 0);
    std::set<std::string> ids;
    for (auto shop : shops.arr("/data/shops")) ids.emplace(shop["id"].get_string().value());
    return ids;
  }

  std::set<std::string> shop_ids_of_seller(int seller) {
    std::set<std::string> ids;
    for (const auto& shop : server_->shops())
      if (shop.owned_by_authorizing_seller && shop.seller == seller) ids.insert(shop.id);
    return ids;
  }

  // The first page of the shop's orders, without its request_id (unique per answer).
  std::string first_orders_page(const std::string& cipher) {
    std::string body =
        call("POST", "/order/202309/orders/search", {{"page_size", "50"}}, "{}", {.cipher = cipher})
            .body;
    const std::string key = "\"request_id\":\"";
    const size_t start = body.find(key);
    if (start != std::string::npos) {
      const size_t value = start + key.size();
      body.erase(value, body.find('"', value) - value);
    }
    return body;
  }
};

TEST_F(ManyShops, EachSellerAuthorizesItsOwnShopsWithItsOwnTokens) {
  start(many_shops_options(3, 2));
  ASSERT_EQ(server_->shops().size(), 7u);  // 3 sellers x 2 shops, and the other seller's shop
  std::set<std::string> open_ids, tokens, names;
  std::map<int, std::string> token_of_seller;
  for (int seller = 0; seller < 3; ++seller) {  // the authorize page signs them in by turns
    const Json token = authorize();
    ASSERT_EQ(token.code(), 0);
    access_token_ = token.str("/data/access_token");
    EXPECT_EQ(authorized_shop_ids(), shop_ids_of_seller(seller)) << "seller " << seller;
    open_ids.insert(token.str("/data/open_id"));
    tokens.insert(access_token_);
    names.insert(token.str("/data/seller_name"));
    token_of_seller[seller] = access_token_;
  }
  EXPECT_EQ(open_ids.size(), 3u);
  EXPECT_EQ(tokens.size(), 3u);
  EXPECT_EQ(names.size(), 3u);

  // The turn comes round again, and sandbox_seller picks a seller out of turn.
  access_token_ = authorize().str("/data/access_token");
  EXPECT_EQ(authorized_shop_ids(), shop_ids_of_seller(0));
  access_token_ = authorize("&sandbox_seller=2").str("/data/access_token");
  EXPECT_EQ(authorized_shop_ids(), shop_ids_of_seller(2));
  const auto unknown =
      http_once(server_->port(), "GET",
                "/open/authorize?service_id=" + options_.service_id + "&state=s&sandbox_seller=3");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("sandbox_seller"), std::string::npos) << unknown.body;

  // Seller 0's token does not reach seller 1's shop; seller 1's does.
  std::string cipher_of_seller_1;
  for (const auto& shop : server_->shops())
    if (shop.seller == 1) cipher_of_seller_1 = shop.cipher;
  const auto refused = call("GET", "/logistics/202309/warehouses", {}, "",
                            {.token = token_of_seller[0], .cipher = cipher_of_seller_1});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(parse_json(refused.body).code(), 101000) << refused.body;
  const auto allowed = call("GET", "/logistics/202309/warehouses", {}, "",
                            {.token = token_of_seller[1], .cipher = cipher_of_seller_1});
  EXPECT_EQ(parse_json(allowed.body).code(), 0) << allowed.body;
}

TEST_F(ManyShops, AHundredShopsEachHaveTheirOwnDataTheSameWhateverTheCounts) {
  start(many_shops_options(1, 100));
  sign_in();
  const std::vector<sandbox::ShopInfo> hundred = server_->shops();
  ASSERT_EQ(hundred.size(), 101u);
  std::set<std::string> ids, ciphers, codes, pages;
  std::map<size_t, std::string> sampled;  // position in shops() -> its first orders page
  for (size_t i = 0; i < 100; ++i) {
    ids.insert(hundred[i].id);
    ciphers.insert(hundred[i].cipher);
    codes.insert(hundred[i].code);
    const std::string page = first_orders_page(hundred[i].cipher);
    ASSERT_EQ(parse_json(page).code(), 0) << page;
    ASSERT_EQ(parse_json(page).arr("/data/orders").size(), 4u) << page;
    pages.insert(page);
    if (i % 33 == 0) sampled[i] = page;
  }
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_EQ(ciphers.size(), 100u);
  EXPECT_EQ(codes.size(), 100u);
  EXPECT_EQ(pages.size(), 100u);  // no two shops share their orders

  // Shop N is the same shop, with the same records, in a sandbox of other counts.
  server_->stop();
  start(many_shops_options(4, 30));
  sign_in();
  const std::vector<sandbox::ShopInfo> other = server_->shops();
  ASSERT_EQ(other.size(), 121u);
  for (const auto& [position, page] : sampled) {
    const auto& shop = other[position];
    EXPECT_EQ(shop.id, hundred[position].id) << position;
    EXPECT_EQ(shop.seller, static_cast<int>(position / 30));
    access_token_ = authorize("&sandbox_seller=" + std::to_string(shop.seller))
                        .str("/data/access_token");  // the token of the shop's seller
    EXPECT_EQ(first_orders_page(shop.cipher), page) << "shop " << position;
  }
  EXPECT_EQ(other.back().id, hundred.back().id);  // the other seller's shop too
}

TEST_F(ManyShops, EachShopHasItsOwnBudgetAndTheStatsCountWhatWentAboveIt) {
  auto o = many_shops_options(1, 3);
  o.rate_limit_per_second = 10;
  o.rate_limit_spread = 0.8;  // 10, 6 and 2 per second
  start(o);
  sign_in();
  const auto shops = server_->shops();
  const int expected_limits[] = {10, 6, 2};
  constexpr int kCalls = 15;
  for (size_t k = 0; k < 3; ++k) {
    ASSERT_DOUBLE_EQ(shops[k].rate_limit_per_second, expected_limits[k]);
    const auto began = std::chrono::steady_clock::now();
    int ok = 0;
    for (int i = 0; i < kCalls; ++i) {
      const auto reply =
          call("GET", "/logistics/202309/warehouses", {}, "", {.cipher = shops[k].cipher});
      if (parse_json(reply.body).code() == 0) ++ok;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    // A full bucket, plus what it refilled while the calls ran.
    EXPECT_GE(ok, expected_limits[k]) << "shop " << k;
    EXPECT_LE(ok, static_cast<int>(expected_limits[k] * (1 + seconds)) + 1) << "shop " << k;

    const sandbox::SandboxStats stats = server_->stats();
    const sandbox::ShopRequestStats& counted = stats.shops.at(shops[k].id);
    EXPECT_EQ(counted.requests_by_endpoint.at("warehouses.list"),
              static_cast<std::uint64_t>(kCalls));
    EXPECT_EQ(counted.rate_limited, static_cast<std::uint64_t>(kCalls - ok));
    EXPECT_EQ(counted.rate_limited_by_endpoint.count("warehouses.list"), ok == kCalls ? 0u : 1u);
    EXPECT_DOUBLE_EQ(counted.rate_limit_per_second, expected_limits[k]);
  }

  // The stats endpoint serves the same per-shop counts.
  const Json served = parse_json(http_once(server_->port(), "GET", "/__sandbox/stats").body);
  const sandbox::SandboxStats stats = server_->stats();
  for (size_t k = 0; k < 3; ++k) {
    const std::string at = "/shops/" + shops[k].id;
    const auto& counted = stats.shops.at(shops[k].id);
    EXPECT_EQ(served.num(at + "/rate_limited"), static_cast<std::int64_t>(counted.rate_limited));
    EXPECT_EQ(served.num(at + "/ok"), static_cast<std::int64_t>(counted.ok));
    EXPECT_EQ(served.num(at + "/seller"), 0);
    double limit = -1;
    EXPECT_EQ(served.root.at_pointer(at + "/rate_limit_per_second").get_double().get(limit),
              simdjson::SUCCESS);
    EXPECT_DOUBLE_EQ(limit, expected_limits[k]);
  }
}

TEST_F(ManyShops, StartRefusesMoreShopsThanIdsHaveRoomFor) {
  auto o = many_shops_options(2, sandbox::kMaxShops / 2 + 1);
  server_ = std::make_unique<sandbox::SandboxServer>(o);
  std::string error;
  EXPECT_FALSE(server_->start(&error));
  EXPECT_NE(error.find("--shops * --sellers must be at most 9999"), std::string::npos) << error;
  o = many_shops_options(1, 2);
  o.rate_limit_spread = 1;  // the last shop would get no budget at all
  EXPECT_NE(sandbox::options_problem(o).value_or("").find("--rate-limit-spread"),
            std::string::npos);
  EXPECT_FALSE(sandbox::options_problem(many_shops_options(3, sandbox::kMaxShops / 3)));
}

}  // namespace
}  // namespace sandbox_test
