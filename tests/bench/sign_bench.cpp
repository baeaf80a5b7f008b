// sign_bench: the cost of signing a realistic request through the connector's C ABI, against
// the floor of one raw HMAC-SHA256 (OpenSSL's one-shot HMAC()) over the same string-to-sign.
// scripts/bench prints RATIO sign_vs_hmac = BM_SignThroughAbi / BM_RawHmacOneShot, and RATIO
// call_metrics_vs_sign = BM_SignThroughAbiCounted / BM_SignThroughAbi: signing plus what every
// call adds to the process's metrics (metrics/host_metrics.hpp: the endpoint's series found,
// the exchange counted with its duration, the retries counted), over signing alone. Signing is
// the cheapest step of a call (an exchange adds the HTTP round trip and the classification), so
// this bounds the hooks' share of a call from above.
#include <benchmark/benchmark.h>
#include <connector_abi/connector_abi.h>
#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/host_metrics.hpp"

namespace {

constexpr std::string_view kSecret = "e59af819cc5d4b7c9a3f0e1d2c3b4a59";
constexpr std::string_view kAppKey = "6a1b2c3d4e5f6";
constexpr std::string_view kCipher = "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK";
constexpr std::string_view kPath = "/order/202309/orders/search";
constexpr int64_t kTimestamp = 1700000000;

// Five caller parameters; app_key, timestamp and shop_cipher make eight signed parameters.
const std::vector<std::pair<std::string, std::string>> kQuery = {
    {"page_size", "100"},
    {"sort_field", "create_time"},
    {"sort_order", "ASC"},
    {"page_token", "aGVsbG8+d29ybGQ/Zm9vPWJhcg=="},
    {"version", "202309"}};

std::string Body() {
  std::string body =
      R"({"order_status":"AWAITING_SHIPMENT","create_time_ge":1699990000,)"
      R"("create_time_lt":1700000000,"update_time_ge":1699990000,"update_time_lt":1700000000,)"
      R"("shipping_type":"TIKTOK","buyer_user_id":"7494726673780148744"})";
  body.resize(200, ' ');
  return body;
}

const cnx_connector_api& Api() {
  static const cnx_connector_api* api = [] {
    void* library = dlopen(TIKTOK_SHOP_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) std::abort();
    auto entry = reinterpret_cast<cnx_connector_get_api_fn>(dlsym(library, CNX_ENTRY_SYMBOL));
    if (entry == nullptr || entry(CNX_ABI_MAJOR) == nullptr) std::abort();
    return entry(CNX_ABI_MAJOR);
  }();
  return *api;
}

cnx_str S(std::string_view s) { return cnx_str{s.data(), s.size()}; }

// kCounted: each signature also goes through the metric hooks of one call.
template <bool kCounted>
void SignThroughAbi(benchmark::State& state) {
  const std::string config =
      std::string(R"({"name":"bench","oauth_client":{"service_region":"non_us","client_id":")") +
      std::string(kAppKey) + R"(","client_secret":")" + std::string(kSecret) +
      R"(","service_id":"svc"},"app_key":")" + std::string(kAppKey) + R"(","app_secret":")" +
      std::string(kSecret) + R"("})";
  cnx_connection* connection = nullptr;
  if (Api().connection_open(nullptr, S(config), &connection, nullptr) != CNX_STATUS_OK) {
    state.SkipWithError("connection_open failed");
    return;
  }
  const std::string body = Body();
  std::vector<cnx_kv> query;
  for (const auto& [key, value] : kQuery) query.push_back({S(key), S(value)});
  cnx_request request{};
  request.struct_size = sizeof request;
  request.method = S("POST");
  request.url = S(kPath);
  request.query = query.data();
  request.query_count = query.size();
  request.body = S(body);
  request.access_token = S("ROW_access_token_value_for_the_benchmark");
  request.scope_credential = S(kCipher);
  request.timestamp = kTimestamp;
  for (auto _ : state) {
    cnx_http_request* out = nullptr;
    if (Api().sign_request(connection, &request, &out, nullptr) != CNX_STATUS_OK) {
      state.SkipWithError("sign_request failed");
      break;
    }
    benchmark::DoNotOptimize(out->url.data);
    Api().free_http_request(out);
    if constexpr (kCounted) {
      const host::metrics::CallSeries& series =
          host::metrics::host_metrics().call_series("tiktok-shop", "orders.search");
      series.count_request(CNX_STATUS_OK, 0.042);
      series.count_retries(0);
    }
  }
  Api().connection_close(connection);
}

void BM_SignThroughAbi(benchmark::State& state) { SignThroughAbi<false>(state); }
BENCHMARK(BM_SignThroughAbi);

void BM_SignThroughAbiCounted(benchmark::State& state) { SignThroughAbi<true>(state); }
BENCHMARK(BM_SignThroughAbiCounted);

void BM_RawHmacOneShot(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> params = kQuery;
  params.emplace_back("app_key", kAppKey);
  params.emplace_back("timestamp", std::to_string(kTimestamp));
  params.emplace_back("shop_cipher", kCipher);
  std::sort(params.begin(), params.end());
  std::string to_sign(kSecret);
  to_sign += kPath;
  for (const auto& [key, value] : params) to_sign += key + value;
  to_sign += Body();
  to_sign += kSecret;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  for (auto _ : state) {
    HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
         reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size(), digest, &len);
    benchmark::DoNotOptimize(digest);
  }
}
BENCHMARK(BM_RawHmacOneShot);

}  // namespace

BENCHMARK_MAIN();
