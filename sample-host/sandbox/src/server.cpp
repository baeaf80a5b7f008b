// server.cpp: SandboxServer, the public face: options in, a running server out.
#include <mutex>
#include <optional>
#include <string>

#include "http_server.hpp"
#include "sandbox/server.hpp"
#include "sandbox_app.hpp"
#include "tls_certificate.hpp"

namespace sandbox {

struct SandboxServer::Impl {
  explicit Impl(SandboxOptions o) : options(std::move(o)) {}
  SandboxOptions options;  // declared first: sessions reference it until `http` is destroyed
  std::unique_ptr<SandboxApp> app;
  TlsMaterial tls;
  std::unique_ptr<HttpServer> http;
  std::uint16_t port = 0;
  std::mutex stop_mutex;
};

std::optional<std::string> options_problem(const SandboxOptions& o) {
  if (o.seller_count < 1) return "--sellers must be at least 1";
  if (o.shop_count < 1) return "--shops must be at least 1";
  if (o.shop_count > kMaxShops / o.seller_count)
    return "--shops * --sellers must be at most " + std::to_string(kMaxShops) + " (" +
           std::to_string(o.shop_count) + " * " + std::to_string(o.seller_count) + ")";
  if (!(o.rate_limit_spread >= 0 && o.rate_limit_spread <= kMaxRateLimitSpread))
    return "--rate-limit-spread must be in [0, 0.99]";
  return std::nullopt;
}

SandboxServer::SandboxServer(SandboxOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

SandboxServer::~SandboxServer() { stop(); }

bool SandboxServer::start(std::string* error) {
  auto& d = *impl_;
  if (d.http) {
    if (error) *error = "already started";
    return false;
  }
  if (auto problem = options_problem(d.options)) {
    if (error) *error = *problem;
    return false;
  }
  if (!d.options.tls && !d.options.tls_certificate_out.empty()) {
    if (error) *error = "--tls-cert-out needs --tls (a plain-HTTP sandbox has no certificate)";
    return false;
  }
  if (d.options.tls) {
    const bool loaded =
        d.options.tls_cert_file.empty()
            ? generate_self_signed(&d.tls, error)
            : load_tls_files(d.options.tls_cert_file, d.options.tls_key_file, &d.tls, error);
    if (!loaded) return false;
    if (!d.options.tls_certificate_out.empty() &&
        !write_certificate_file(d.options.tls_certificate_out, d.tls.certificate_pem, error)) {
      return false;
    }
  }
  d.app = std::make_unique<SandboxApp>(d.options);
  if (!d.app->webhooks().start(error)) {
    d.app.reset();
    return false;
  }
  try {
    d.http = std::make_unique<HttpServer>(*d.app, d.options, d.tls.certificate_pem, d.tls.key_pem);
  } catch (const std::exception& e) {  // Asio reports unusable PEM by throwing
    if (error) *error = std::string("cannot use the TLS material: ") + e.what();
    return false;
  }
  if (!d.http->listen(error)) {
    d.http.reset();
    return false;
  }
  d.port = d.http->port();
  d.http->run(d.options.io_threads);
  return true;
}

std::string SandboxServer::base_url() const {
  return std::string(impl_->options.tls ? "https://" : "http://") + impl_->options.bind_address +
         ":" + std::to_string(impl_->port);
}

std::uint16_t SandboxServer::port() const { return impl_->port; }

void SandboxServer::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->http) impl_->http->stop();
  impl_->http.reset();
  // After the listener: no request can raise an event any more.
  if (impl_->app) impl_->app->webhooks().stop();
}

SandboxStats SandboxServer::stats() const {
  return impl_->app ? impl_->app->stats() : SandboxStats{};
}

std::vector<WebhookDeliveryInfo> SandboxServer::webhook_deliveries() const {
  if (!impl_->app) return {};
  return impl_->app->webhooks().deliveries();
}

std::vector<ShopInfo> SandboxServer::shops() const {
  std::vector<ShopInfo> out;
  if (!impl_->app) return out;
  std::lock_guard lock(impl_->app->state().mutex);
  for (const auto& shop : impl_->app->state().shops) out.push_back(shop.info);
  return out;
}

void SandboxServer::set_authorize_behaviour(AuthorizeBehaviour behaviour) {
  if (impl_->app) impl_->app->state().authorize_behaviour.store(behaviour);
  impl_->options.authorize = behaviour;
}

std::string SandboxServer::certificate_pem() const { return impl_->tls.certificate_pem; }

}  // namespace sandbox
