// sandbox_flags.cpp: the flag table. Each help line names the default, which is SandboxOptions'
// (sandbox/server.hpp).
#include "sandbox_flags.hpp"

namespace sandbox::cli {
namespace {

ApplyFn rate_into(double* target) { return decimal_into(target, 1); }

ApplyFn authorize_behaviour_into(AuthorizeBehaviour* target) {
  return [target](const std::string& value) {
    if (value != "approve" && value != "refuse") return false;
    *target = value == "approve" ? AuthorizeBehaviour::kApprove : AuthorizeBehaviour::kRefuse;
    return true;
  };
}

}  // namespace

const std::string_view kHelpPreamble =
    "usage: tiktok-shop-sandbox [options]\n\n"
    "Runs a local TikTok Shop (Open API 202309+) until SIGINT/SIGTERM. Prints\n"
    "'listening on http://127.0.0.1:PORT' first, a stats line last. GET /__sandbox/stats\n"
    "shows the counters while it runs, under \"shops\" per shop id as well (its seller and\n"
    "rate limit, requests, ok, rate_limited: those above its limit, and both by endpoint).\n\n"
    "Shops: --sellers sellers each own --shops shops, numbered 1, 2, ... in seller order;\n"
    "shop N's data depends only on --seed and N, and is made when a request first names\n"
    "the shop. One more shop, listed last, is a seller's whom no token covers.\n\n"
    "Webhooks: subscribe with PUT /event/202309/webhooks; data changes are then POSTed,\n"
    "signed (Authorization = hex HMAC-SHA256(app_secret, app_key + body)), and retried on\n"
    "TikTok's schedule. GET /__sandbox/webhooks lists deliveries; POST\n"
    "/__sandbox/webhooks/emit {shop_id,type,data}, /__sandbox/webhooks/deauthorize\n"
    "{shop_id} and /__sandbox/webhooks/authorization_expiring {shop_id,expire_time?}\n"
    "raise events by hand.\n\noptions:\n";

std::vector<Flag> sandbox_flags(SandboxOptions& o, AppSecretFlags& secret) {
  auto& f = o.faults;
  return {
      {"--port", "N", "port to listen on; 0 picks a free one (default 0)", number_into(&o.port)},
      {"--bind", "ADDR", "address to bind (default 127.0.0.1)", text_into(&o.bind_address)},
      {"--app-key", "KEY", "the registered app key (demo default sandbox_app_key)",
       text_into(&o.app_key)},
      {"--app-secret-file", "FILE",
       "read the app secret from FILE (else $SANDBOX_APP_SECRET, else sandbox_app_secret)",
       text_into(&secret.file)},
      {"--app-secret", "SECRET",
       "the app secret on the command line, where every local user can read it (warned)",
       [&o, &secret](const std::string& v) {
         secret.on_command_line = true;
         return text_into(&o.app_secret)(v);
       }},
      {"--service-id", "ID", "the app's service id (demo default 7000000000000000001)",
       text_into(&o.service_id)},
      {"--redirect-url", "URL",
       "the app's registered redirect URL (demo default http://127.0.0.1:8976/callback)",
       text_into(&o.redirect_url)},
      {"--authorize", "approve|refuse", "what the authorize page does (default approve)",
       authorize_behaviour_into(&o.authorize)},
      {"--seed", "N", "seed of the generated data (default 42)", number_into(&o.seed)},
      {"--sellers", "N",
       "sellers that authorize the app, each with its own shops and tokens; the authorize page "
       "signs them in by turns (default 1)",
       number_into(&o.seller_count)},
      {"--shops", "N", "shops each seller owns (default 2; at most 9999 in all)",
       number_into(&o.shop_count)},
      {"--orders", "N", "orders per shop (default 240)", number_into(&o.orders)},
      {"--products", "N", "products per shop (default 120)", number_into(&o.products)},
      {"--returns", "N", "returns per shop (default 40)", number_into(&o.returns)},
      {"--cancellations", "N", "cancellations per shop (default 30)",
       number_into(&o.cancellations)},
      {"--packages", "N", "packages per shop (default 80)", number_into(&o.packages)},
      {"--statements", "N", "statements per shop (default 30)", number_into(&o.statements)},
      {"--transactions", "N", "transactions per statement (default 6)",
       number_into(&o.transactions_per_statement)},
      {"--warehouses", "N", "warehouses per shop (default 2)", number_into(&o.warehouses)},
      {"--data-window", "SECONDS", "create/update times spread over this window (default 30 days)",
       number_into(&o.data_window_seconds)},
      {"--product-search-cap", "N", "product search results reachable by paging (default 10000)",
       number_into(&o.product_search_cap)},
      {"--access-token-lifetime", "SECONDS", "access token lifetime (default 604800 = 7 days)",
       number_into(&o.access_token_lifetime)},
      {"--refresh-token-lifetime", "SECONDS", "refresh token lifetime (default 31536000)",
       number_into(&o.refresh_token_lifetime)},
      {"--auth-code-lifetime", "SECONDS", "authorization code lifetime (default 1800)",
       number_into(&o.auth_code_lifetime)},
      {"--rate-limit", "N", "requests/second per (app, shop, endpoint); 0 = off (default 50)",
       number_into(&o.rate_limit_per_second)},
      {"--rate-limit-spread", "F",
       "shops get different limits: shop k of n (from 0) gets --rate-limit * "
       "(1 - F * k / (n - 1)); F below 1 (default 0: all the same)",
       decimal_into(&o.rate_limit_spread, kMaxRateLimitSpread)},
      {"--fault-latency", "RATE", "share of API calls delayed by --latency-ms (default 0)",
       rate_into(&f.latency_rate)},
      {"--latency-ms", "MS", "added latency (default 200)", number_into(&f.latency_ms)},
      {"--fault-503", "RATE", "share answered HTTP 503 (default 0)", rate_into(&f.http_503_rate)},
      {"--fault-429", "RATE",
       "share answered HTTP 429 / 36009002 as the rate limit answers (default 0)",
       rate_into(&f.http_429_rate)},
      {"--fault-500", "RATE", "share answered HTTP 500 (default 0)", rate_into(&f.http_500_rate)},
      {"--fault-internal", "RATE", "share answered code 36009003 (default 0)",
       rate_into(&f.internal_error_rate)},
      {"--fault-reset", "RATE", "share whose connection is reset before the answer (default 0)",
       rate_into(&f.reset_rate)},
      {"--fault-truncate", "RATE", "share whose body is cut in half (default 0)",
       rate_into(&f.truncated_rate)},
      {"--fault-slow-body", "RATE", "share whose body trickles out (default 0)",
       rate_into(&f.slow_body_rate)},
      {"--slow-body-ms", "MS", "how long a slow body takes (default 400)",
       number_into(&f.slow_body_ms)},
      {"--fault-seed", "N", "seed of the fault draws (default 1)", number_into(&f.seed)},
      {"--tls", "", "serve HTTPS (self-signed certificate unless --tls-cert/--tls-key)",
       switch_on(&o.tls)},
      {"--tls-cert", "FILE", "PEM certificate chain for --tls", text_into(&o.tls_cert_file)},
      {"--tls-key", "FILE", "PEM private key for --tls", text_into(&o.tls_key_file)},
      {"--tls-cert-out", "FILE",
       "write the certificate clients must trust (PEM) to FILE, for ca_file/--ca-file",
       text_into(&o.tls_certificate_out)},
      {"--webhook-time-scale", "FACTOR",
       "multiplies TikTok's webhook retry delays of 2 min, 30 min, 3 h, 12 h (default 1; "
       "0.001 gives 120 ms, 1.8 s, 10.8 s, 43.2 s)",
       decimal_into(&o.webhook_time_scale, 1000)},
      {"--webhook-timeout-ms", "MS", "deadline of one webhook POST (default 3000, TikTok's 3 s)",
       number_into(&o.webhook_timeout_ms)},
      {"--webhook-ca", "FILE", "PEM CA bundle trusted for https:// webhook receivers",
       text_into(&o.webhook_ca_file)},
      {"--max-body-bytes", "N", "largest accepted request body (default 1048576)",
       number_into(&o.max_body_bytes)},
      {"--read-timeout-ms", "MS", "drop peers silent this long (default 15000)",
       number_into(&o.read_timeout_ms)},
      {"--io-threads", "N", "I/O threads (default 2)", number_into(&o.io_threads)},
  };
}

}  // namespace sandbox::cli
