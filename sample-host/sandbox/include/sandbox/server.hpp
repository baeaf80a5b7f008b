// server.hpp: an in-process local TikTok Shop (the "sandbox") for tests and tiktok-shop-sandbox.
//
// The sandbox speaks the TikTok Shop Open API 202309+ wire protocol over HTTP/1.1 (optionally
// TLS): the authorize page, the token endpoints, shops and the catalog's read/write endpoints over
// a seeded, deterministic data set. It checks requests as strictly as TikTok does (signature,
// timestamp window, app key, access token, shop_cipher, content type, versions, page sizes) and
// answers with TikTok's envelope and error codes. Rate limits and fault injection are flags.
// When its data changes it POSTs signed webhook events to the shop's subscribed addresses
// (PUT /event/202309/webhooks) from a delivery thread of its own, retrying on TikTok's schedule.
//
// This header deliberately includes no Boost: the server is behind a pimpl.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

// What the authorize page does when a seller arrives with a known service_id.
enum class AuthorizeBehaviour {
  kApprove,  // redirect to the app's redirect URL with ?code=...&state=...
  kRefuse,   // redirect with ?error=access_denied&state=...
};

// Fault injection. Each rate is the share of API requests that get that fault: one uniform draw
// per request from one std::mt19937_64 seeded with `seed` picks at most one kind, the rates being
// stacked in the order below (so they should sum to at most 1; past 1 the later kinds get what is
// left). Latency has a draw of its own and combines with any kind. A run with the same seed and
// request order repeats. Faults apply to signed API calls that passed the gateway checks and the
// rate limit (not to the token endpoints or /__sandbox/stats). Faults that answer instead of the
// handler (503, 429, 500, 36009003) are decided before the handler runs, so no write happens;
// faults that damage the response (reset, truncated, slow) happen after the handler ran, like a
// reply lost on the way back, which is what idempotency keys protect against.
struct FaultOptions {
  double latency_rate = 0;  // add `latency_ms` before answering
  int latency_ms = 200;
  double http_503_rate = 0;        // HTTP 503, overload protection (empty envelope, code 36009003)
  double http_429_rate = 0;        // HTTP 429 + 36009002, exactly what the rate limit answers
  double http_500_rate = 0;        // HTTP 500
  double internal_error_rate = 0;  // HTTP 200 with code 36009003 "internal error"
  double reset_rate = 0;           // close the connection with RST before any response byte
  double truncated_rate = 0;       // send headers and half the body, then close
  double slow_body_rate = 0;       // send the body in chunks spread over `slow_body_ms`
  int slow_body_ms = 400;
  std::uint64_t seed = 1;
};

// Bounds start() holds the options to: shops in all (seller_count * shop_count; shop ids keep a
// range of their own per shop below that) and rate_limit_spread.
inline constexpr int kMaxShops = 9999;
inline constexpr double kMaxRateLimitSpread = 0.99;

// Everything the sandbox can be told. Defaults are the documented demo defaults.
struct SandboxOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, see SandboxServer::base_url()

  // The one registered app (Partner Center's app registry).
  std::string app_key = "sandbox_app_key";
  std::string app_secret = "sandbox_app_secret";
  std::string service_id = "7000000000000000001";
  std::string redirect_url = "http://127.0.0.1:8976/callback";

  // Seeded data. Counts are per shop. Each shop's data comes from the seed and the shop's number
  // alone (not from how many shops there are), and is made when a request first names the shop,
  // so a sandbox of thousands of shops starts at once and holds only the shops in use.
  std::uint64_t seed = 42;
  // Sellers that authorize the app, each with its own shops, grants, tokens and open_id. The
  // authorize page signs them in by turns (the first approval is seller 0's, the next seller 1's,
  // ...); a `sandbox_seller=K` query parameter on it picks seller K instead.
  int seller_count = 1;
  int shop_count = 2;  // shops each seller owns (one token covers all of its seller's shops)
  int orders = 240;
  int products = 120;
  int returns = 40;
  int cancellations = 30;
  int packages = 80;
  int statements = 30;
  int transactions_per_statement = 6;
  int warehouses = 2;
  // Create/update times spread over this window, which ends at start-up "now".
  std::int64_t data_window_seconds = std::int64_t{30} * 24 * 3600;
  int product_search_cap = 10000;  // product search never pages past this many results

  // Token lifetimes in seconds.
  std::int64_t access_token_lifetime = std::int64_t{7} * 24 * 3600;
  std::int64_t refresh_token_lifetime = std::int64_t{365} * 24 * 3600;
  std::int64_t auth_code_lifetime = std::int64_t{30} * 60;

  // Requests per second allowed per (app, shop, endpoint); the bucket holds one second's worth.
  // 0 disables the limit.
  double rate_limit_per_second = 50;
  // Gives shops different limits: of the n sellers' shops, shop k (from 0, in seller order) gets
  // rate_limit_per_second * (1 - rate_limit_spread * k / (n - 1)), so the first keeps the full
  // rate and the last gets (1 - spread) of it (rounded to 0.001/s). In [0, kMaxRateLimitSpread];
  // 0: all the same.
  double rate_limit_spread = 0;

  FaultOptions faults;

  // TLS: when `tls` is true the server speaks HTTPS with tls_cert_file/tls_key_file (PEM) or,
  // when those are empty, a self-signed certificate for 127.0.0.1/localhost generated at start.
  bool tls = false;
  std::string tls_cert_file;
  std::string tls_key_file;
  // When set, start() writes the certificate chain clients must trust (PEM) to this file before
  // it listens, so that a client can be pointed at it (a connection's ca_file, --ca-file).
  std::string tls_certificate_out;

  AuthorizeBehaviour authorize = AuthorizeBehaviour::kApprove;

  // Each endpoint serves the versions TikTok serves for it (a retired or unknown version answers
  // 36009014). Non-empty: the sandbox also refuses every version outside this list, to act out
  // a TikTok that has shut more versions off.
  std::vector<std::string> accepted_versions;

  // Unix seconds "now". Empty: the system clock. Tests move time with it to cross expiries and
  // the timestamp window. Called from I/O threads: it must be thread-safe.
  std::function<std::int64_t()> clock;

  // Webhook delivery. When the data changes (an order, package, product, inventory, return or
  // cancellation changes) the sandbox POSTs a signed event to the shop's subscribed address for
  // that event type, as TikTok does: `Authorization` = lowercase hex HMAC-SHA256(app_secret,
  // app_key + raw body). A delivery that does not get HTTP 200 within `webhook_timeout_ms` is
  // retried after 2 min, 30 min, 3 h and 12 h (TikTok's schedule) multiplied by
  // `webhook_time_scale` (0.001: 120 ms, 1.8 s, 10.8 s, 43.2 s), then given up.
  double webhook_time_scale = 1.0;
  int webhook_timeout_ms = 3000;  // TikTok's 3 s deadline per attempt
  // PEM CA bundle trusted for https:// receivers; empty: the system's default trust store.
  std::string webhook_ca_file;

  // Robustness bounds.
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  int read_timeout_ms = 15000;  // a peer that sends nothing for this long is disconnected
  int io_threads = 2;
};

// A shop known to the sandbox. Seller 0 owns the first `shop_count` shops, seller 1 the next
// `shop_count`, and so on; one more shop belongs to a seller who never authorizes the app, so that
// a token/shop mismatch (101000) can be provoked.
struct ShopInfo {
  std::string id;
  std::string name;
  std::string region;
  std::string seller_type;
  std::string cipher;
  std::string code;
  bool owned_by_authorizing_seller = true;  // false only for the other seller's shop
  int seller = 0;  // the owning seller (0 .. seller_count - 1; seller_count: the other seller)
  double rate_limit_per_second = 0;  // this shop's limit per endpoint (0: none)
};

// Webhook delivery counters (all since start()).
struct WebhookStats {
  std::uint64_t events = 0;        // deliveries created (one per event and subscribed address)
  std::uint64_t attempts = 0;      // POSTs started, first tries and retries
  std::uint64_t acknowledged = 0;  // deliveries answered HTTP 200
  std::uint64_t retries = 0;       // attempts after the first
  std::uint64_t given_up = 0;      // deliveries abandoned after the last retry
  std::uint64_t pending = 0;       // deliveries neither acknowledged nor given up
};

// One webhook delivery, as the sandbox sees it (for tests and GET /__sandbox/webhooks).
struct WebhookDeliveryInfo {
  std::string notification_id;  // tts_notification_id, the same on every attempt
  int type = 0;                 // TikTok's event type number
  std::string shop_id;
  std::string address;
  int attempts = 0;           // attempts started
  int finished_attempts = 0;  // attempts whose outcome is known (last_result is the latest)
  std::string state;          // "pending", "acknowledged", "given_up"
  std::string last_result;    // "200", "500", "timeout", "connection refused", ...
};

// One shop's counters: the signed API requests that named it by its shop_cipher and passed the
// gateway's checks for it (signature, token, the token covering the shop).
struct ShopRequestStats {
  int seller = 0;                    // ShopInfo's, so that a bench needs nothing else
  double rate_limit_per_second = 0;  // ShopInfo's
  std::uint64_t requests = 0;        // every answer, whatever its code
  std::uint64_t ok = 0;              // answers with code 0
  std::uint64_t rate_limited = 0;    // refused by the shop's rate limit (not injected 429s)
  std::map<std::string, std::uint64_t> requests_by_endpoint;
  std::map<std::string, std::uint64_t> rate_limited_by_endpoint;
};

// Counters, for tests and the shutdown line. All counts since start().
struct SandboxStats {
  std::uint64_t requests_total = 0;  // every HTTP request that got a routed answer
  std::uint64_t requests_ok = 0;     // answers with code 0 (or a 302 from the authorize page)
  std::map<std::int64_t, std::uint64_t> rejected_by_code;     // TikTok code -> count
  std::map<std::string, std::uint64_t> faults_by_kind;        // "http_503", "reset", ...
  std::map<std::string, std::uint64_t> requests_by_endpoint;  // route name ("token.refresh") ->
                                                              // routed requests, any answer
  std::uint64_t fault_draws = 0;  // API requests that got a fault draw (the faults' denominator)
  std::map<std::string, std::uint64_t> writes_by_idempotency_key;  // key -> times applied
  // Applied writes: a handler ran and accepted the write ("inventory:<product>" -> times).
  std::map<std::string, std::uint64_t> writes_by_target;
  // The subset of writes_by_target whose effect changed the shop's data. A write that leaves it
  // as it was (a quantity, price or product document set to what it already is, e.g. a write
  // re-sent after its reply was lost) is applied but not counted here; it also leaves the
  // record's update_time alone and raises no webhook. Replays from the idempotency ledger are in
  // neither map (handlers do not run for them).
  std::map<std::string, std::uint64_t> writes_changed_by_target;
  std::uint64_t idempotent_replays = 0;  // writes answered from the idempotency ledger
  WebhookStats webhooks;
  // Per shop id: the signed API requests that named the shop. A shop appears once it is named.
  std::map<std::string, ShopRequestStats> shops;

  // One JSON object with every counter above (what GET /__sandbox/stats returns).
  std::string to_json() const;
  // One human line for the end of a tiktok-shop-sandbox run.
  std::string summary_line() const;
};

// What is wrong with `options` (the shop and seller counts, the rate limit spread), named by
// tiktok-shop-sandbox's flags; nothing when start() can use them.
std::optional<std::string> options_problem(const SandboxOptions& options);

class SandboxServer {
 public:
  // Copies the options; nothing starts until start().
  explicit SandboxServer(SandboxOptions options);
  // Stops the server if it is running.
  ~SandboxServer();
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  // Seeds the data, binds, listens and starts the I/O threads. Returns false and sets *error
  // (when given) if the options have a problem (options_problem), the address cannot be bound or
  // the TLS material cannot be loaded.
  // THREADING: call once, from one thread.
  bool start(std::string* error = nullptr);

  // "http://127.0.0.1:PORT" or "https://..." once started (the port is the bound one).
  std::string base_url() const;
  std::uint16_t port() const;

  // Closes the listener and every connection and joins the I/O threads. Idempotent.
  void stop();

  // A snapshot of the counters. THREADING: safe from any thread while running.
  SandboxStats stats() const;

  // The shops (every seller's in seller order, then the other seller's). Available after start().
  std::vector<ShopInfo> shops() const;

  // Switches what the authorize page does from now on. THREADING: safe from any thread.
  void set_authorize_behaviour(AuthorizeBehaviour behaviour);

  // Every webhook delivery so far, oldest first. THREADING: safe from any thread.
  std::vector<WebhookDeliveryInfo> webhook_deliveries() const;

  // PEM of the certificate in use when TLS is on (so a test client can trust it); else empty.
  std::string certificate_pem() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sandbox
