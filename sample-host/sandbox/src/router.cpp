// router.cpp: path patterns and version checks.
#include "router.hpp"

#include <algorithm>

#include "endpoint_handlers.hpp"

namespace sandbox {
namespace {

constexpr std::string_view k202309 = "202309";

constexpr Route kRoutes[] = {
    // Authorization side (services + auth hosts).
    {"GET", "/open/authorize", "authorize", Gate::kAuthorizePage, ShopScope::kForbidden,
     BodyKind::kJson, false, "", &handle_authorize_page},
    {"GET", "/api/v2/token/get", "token.get", Gate::kTokenApi, ShopScope::kForbidden,
     BodyKind::kJson, false, "", &handle_token_get},
    {"GET", "/api/v2/token/refresh", "token.refresh", Gate::kTokenApi, ShopScope::kForbidden,
     BodyKind::kJson, false, "", &handle_token_refresh},
    {"GET", "/authorization/{version}/shops", "authorization.shops", Gate::kSignedApi,
     ShopScope::kForbidden, BodyKind::kJson, false, k202309, &handle_authorized_shops},
    {"GET", "/seller/{version}/shops", "seller.shops", Gate::kSignedApi, ShopScope::kForbidden,
     BodyKind::kJson, false, k202309, &handle_authorized_shops},
    // Orders.
    {"POST", "/order/{version}/orders/search", "orders.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_orders_search},
    {"GET", "/order/{version}/orders", "orders.get", Gate::kSignedApi, ShopScope::kRequired,
     BodyKind::kJson, false, k202309, &handle_orders_get},
    // Products.
    {"POST", "/product/{version}/products/search", "products.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_products_search},
    {"GET", "/product/{version}/products/{id}", "products.get", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_product_get},
    {"POST", "/product/{version}/products", "products.create", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_product_create},
    {"PUT", "/product/{version}/products/{id}", "products.update", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_product_update},
    {"POST", "/product/{version}/products/{id}/partial_edit", "products.partial_edit",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, true, k202309,
     &handle_product_partial_edit},
    {"DELETE", "/product/{version}/products", "products.delete", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_products_delete},
    {"POST", "/product/{version}/products/{id}/inventory/update", "inventory.update",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, true, k202309,
     &handle_inventory_update},
    {"POST", "/product/{version}/inventory/search", "inventory.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_inventory_search},
    {"POST", "/product/{version}/products/{id}/prices/update", "prices.update", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_prices_update},
    {"POST", "/product/{version}/images/upload", "images.upload", Gate::kSignedApi,
     ShopScope::kForbidden, BodyKind::kMultipart, false, k202309, &handle_image_upload},
    // Returns and cancellations.
    {"POST", "/return_refund/{version}/returns/search", "returns.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_returns_search},
    {"POST", "/return_refund/{version}/returns/{id}/approve", "returns.approve", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_return_approve},
    {"POST", "/return_refund/{version}/returns/{id}/reject", "returns.reject", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_return_reject},
    {"POST", "/return_refund/{version}/cancellations/search", "cancellations.search",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, false, k202309,
     &handle_cancellations_search},
    {"POST", "/return_refund/{version}/cancellations/{id}/approve", "cancellations.approve",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, true, k202309,
     &handle_cancellation_approve},
    {"POST", "/return_refund/{version}/cancellations/{id}/reject", "cancellations.reject",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, true, k202309,
     &handle_cancellation_reject},
    // Fulfillment and logistics.
    {"POST", "/fulfillment/{version}/packages/search", "packages.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_packages_search},
    {"GET", "/fulfillment/{version}/packages/{id}", "packages.get", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_package_get},
    {"POST", "/fulfillment/{version}/packages/{id}/ship", "packages.ship", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_package_ship},
    {"GET", "/fulfillment/{version}/orders/{id}/tracking", "orders.tracking", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_order_tracking},
    {"GET", "/logistics/{version}/warehouses", "warehouses.list", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_warehouses},
    // Finance.
    {"GET", "/finance/{version}/statements", "statements.search", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, false, k202309, &handle_statements},
    {"GET", "/finance/{version}/statements/{id}/statement_transactions", "statements.transactions",
     Gate::kSignedApi, ShopScope::kRequired, BodyKind::kJson, false, k202309,
     &handle_statement_transactions},
    // Webhook subscriptions.
    {"GET", "/event/{version}/webhooks", "webhooks.get", Gate::kSignedApi, ShopScope::kRequired,
     BodyKind::kJson, false, k202309, &handle_webhooks_get},
    {"PUT", "/event/{version}/webhooks", "webhooks.put", Gate::kSignedApi, ShopScope::kRequired,
     BodyKind::kJson, true, k202309, &handle_webhooks_put},
    {"DELETE", "/event/{version}/webhooks", "webhooks.delete", Gate::kSignedApi,
     ShopScope::kRequired, BodyKind::kJson, true, k202309, &handle_webhooks_delete},
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_version(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches one pattern; returns the number of literal segments or -1.
int match_pattern(const Route& route, const std::vector<std::string_view>& segments,
                  RouteMatch& out) {
  const auto pattern = split_path(route.pattern);
  if (pattern.size() != segments.size()) return -1;
  int literals = 0;
  RouteMatch m;
  m.route = &route;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{version}") {
      if (!is_version(segments[i])) return -1;
      m.version = segments[i];
    } else if (pattern[i] == "{id}") {
      if (segments[i].empty()) return -1;
      m.path_params.emplace_back(segments[i]);
    } else if (pattern[i] == segments[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  out = std::move(m);
  return literals;
}

}  // namespace

std::span<const Route> all_routes() { return kRoutes; }

std::variant<RouteMatch, ApiResponse> match_route(
    std::string_view method, std::string_view path,
    const std::vector<std::string>& accepted_versions) {
  const auto segments = split_path(path);
  int best = -1;
  std::vector<RouteMatch> candidates;
  for (const Route& route : kRoutes) {
    RouteMatch m;
    const int literals = match_pattern(route, segments, m);
    if (literals < 0 || literals < best) continue;
    if (literals > best) candidates.clear();
    best = literals;
    candidates.push_back(std::move(m));
  }
  if (candidates.empty()) return failure(404, codes::kUnknownPath, "Invalid path");
  for (auto& m : candidates) {
    if (m.route->method != method) continue;
    if (!m.version.empty()) {
      const bool accepted = std::find(accepted_versions.begin(), accepted_versions.end(),
                                      m.version) != accepted_versions.end();
      if (!accepted || m.version < m.route->first_version)
        return failure(404, codes::kInvalidVersion, "Invalid version: " + m.version);
    }
    return std::move(m);
  }
  return failure(405, codes::kWrongMethod, "Method not allowed");
}

}  // namespace sandbox
