// sandbox_command.cpp: `connector-host sandbox [options]`: run the local TikTok Shop until
// SIGINT/SIGTERM. The first stdout line is "listening on <base url>" (flushed) so scripts and
// tests can read the port; the last is the stats line.
//
// The app secret comes from --app-secret-file, from the environment (SANDBOX_APP_SECRET) or, with
// a warning, from --app-secret: a command line is readable by every local user (ps,
// /proc/PID/cmdline), an environment only by the process's owner.
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <sandbox/server.hpp>

#include "cli/command.hpp"
#include "engine/connections/secret_reference.hpp"
#include "log/log_sink.hpp"

namespace host::cli {
namespace {

// The environment variable the app secret is read from when no flag names it.
constexpr const char* kAppSecretEnv = "SANDBOX_APP_SECRET";

// Where the app secret was given on the command line, if it was.
struct AppSecretFlags {
  std::string file;            // --app-secret-file
  bool on_command_line = false;  // --app-secret
};

struct Flag {
  std::string_view name;
  std::string_view value_name;  // empty: a switch without a value
  std::string_view help;
  std::function<bool(const std::string&)> apply;
};

template <typename N>
std::function<bool(const std::string&)> number_into(N* target) {
  return [target](const std::string& text) {
    N value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    *target = value;
    return true;
  };
}

// A decimal number in [0, max].
std::function<bool(const std::string&)> decimal_into(double* target, double max) {
  return [target, max](const std::string& text) {
    try {
      size_t used = 0;
      const double v = std::stod(text, &used);
      if (used != text.size() || !(v >= 0) || v > max) return false;
      *target = v;
      return true;
    } catch (...) {
      return false;
    }
  };
}

std::function<bool(const std::string&)> rate_into(double* target) {
  return decimal_into(target, 1);
}

std::function<bool(const std::string&)> text_into(std::string* target) {
  return [target](const std::string& text) {
    *target = text;
    return !text.empty();
  };
}

std::vector<Flag> flags_for(sandbox::SandboxOptions& o, AppSecretFlags& secret) {
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
       [&o](const std::string& v) {
         if (v != "approve" && v != "refuse") return false;
         o.authorize = v == "approve" ? sandbox::AuthorizeBehaviour::kApprove
                                      : sandbox::AuthorizeBehaviour::kRefuse;
         return true;
       }},
      {"--seed", "N", "seed of the generated data (default 42)", number_into(&o.seed)},
      {"--shops", "N", "shops the authorizing seller owns (default 2)", number_into(&o.shop_count)},
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
      {"--tls", "", "serve HTTPS (self-signed certificate unless --tls-cert/--tls-key)", nullptr},
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

void print_usage(std::ostream& out, const std::vector<Flag>& flags) {
  out << "usage: connector-host sandbox [options]\n\n"
         "Runs a local TikTok Shop (Open API 202309+) until SIGINT/SIGTERM. Prints\n"
         "'listening on http://127.0.0.1:PORT' first, a stats line last. GET /__sandbox/stats\n"
         "shows the counters while it runs.\n\n"
         "Webhooks: subscribe with PUT /event/202309/webhooks; data changes are then POSTed,\n"
         "signed (Authorization = hex HMAC-SHA256(app_secret, app_key + body)), and retried on\n"
         "TikTok's schedule. GET /__sandbox/webhooks lists deliveries; POST\n"
         "/__sandbox/webhooks/emit {shop_id,type,data}, /__sandbox/webhooks/deauthorize\n"
         "{shop_id} and /__sandbox/webhooks/authorization_expiring {shop_id,expire_time?}\n"
         "raise events by hand.\n\noptions:\n";
  for (const auto& f : flags) {
    std::string left = "  " + std::string(f.name);
    if (!f.value_name.empty()) left += " " + std::string(f.value_name);
    if (left.size() < 34) left.resize(34, ' ');
    out << left << " " << f.help << "\n";
  }
}

// Sets options.app_secret from the file, the command line or the environment (in that order of
// precedence; the default stays when none gives one). Returns an exit code (kExitOk to go on).
int choose_app_secret(const AppSecretFlags& secret, sandbox::SandboxOptions& options) {
  if (!secret.file.empty() && secret.on_command_line) {
    std::cerr << "connector-host sandbox: give --app-secret-file or --app-secret, not both\n";
    return kExitUsage;
  }
  if (!secret.file.empty()) {
    std::string error;
    auto value = engine::resolve_secret_reference(
        {engine::SecretReference::Kind::kFile, secret.file}, std::filesystem::current_path(),
        &error);
    if (!value) {
      std::cerr << "connector-host sandbox: --app-secret-file: " << error << "\n";
      return kExitUsage;
    }
    options.app_secret = value->copy();
    return kExitOk;
  }
  if (secret.on_command_line) {
    log::warn("sandbox", std::string("--app-secret puts the app secret on the command line, where "
                                     "every local user can read it (ps, /proc/PID/cmdline); use ") +
                             kAppSecretEnv + " or --app-secret-file instead");
    return kExitOk;
  }
  if (const char* env = std::getenv(kAppSecretEnv); env != nullptr && *env != '\0') {
    options.app_secret = env;
  }
  return kExitOk;
}

}  // namespace

int sandbox_command(const GlobalOptions&, std::span<const std::string> args) {
  sandbox::SandboxOptions options;
  AppSecretFlags secret;
  const auto flags = flags_for(options, secret);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      print_usage(std::cout, flags);
      return kExitOk;
    }
    if (args[i] == "--tls") {
      options.tls = true;
      continue;
    }
    const Flag* flag = nullptr;
    for (const auto& f : flags)
      if (f.name == args[i]) flag = &f;
    if (!flag) {
      std::cerr << "connector-host sandbox: unknown option '" << args[i] << "'\n";
      print_usage(std::cerr, flags);
      return kExitUsage;
    }
    if (i + 1 >= args.size() || !flag->apply(args[i + 1])) {
      std::cerr << "connector-host sandbox: " << flag->name << " needs " << flag->value_name
                << "\n";
      return kExitUsage;
    }
    ++i;
  }

  if (!options.tls && !options.tls_certificate_out.empty()) {
    std::cerr << "connector-host sandbox: --tls-cert-out needs --tls\n";
    return kExitUsage;
  }
  if (const int code = choose_app_secret(secret, options); code != kExitOk) return code;

  // Block the stop signals in every thread (the I/O threads inherit the mask) and wait for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  sandbox::SandboxServer server(options);
  std::string error;
  if (!server.start(&error)) {
    std::cerr << "connector-host sandbox: " << error << "\n";
    return kExitFailed;
  }
  if (!options.tls_certificate_out.empty()) {
    std::cerr << "TLS certificate written to " << options.tls_certificate_out
              << " (trust it with a connection's ca_file or `authorize --ca-file`)\n";
  }
  std::cout << "listening on " << server.base_url() << std::endl;
  for (const auto& shop : server.shops()) {
    std::cerr << "shop " << shop.name << " (" << shop.region << ") id=" << shop.id
              << (shop.owned_by_authorizing_seller ? "" : " [another seller]") << "\n";
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  std::cout << server.stats().summary_line() << std::endl;
  return kExitOk;
}

}  // namespace host::cli
