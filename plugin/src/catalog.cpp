// The endpoint catalog: the family files (catalog_<family>.cpp) joined in one stable order, the
// resources flows pick by name, and lookups. Facts and their sources: plugin/API_SOURCES.md.
// Every connection can override versions (endpoint_versions), because TikTok versions each
// endpoint separately and retires versions over time.
#include <vector>

#include "catalog_specs.hpp"

namespace tts {
namespace {

using namespace catalog;

const std::vector<EndpointSpec>& all_endpoints() {
  static const std::vector<EndpointSpec> all = [] {
    std::vector<EndpointSpec> out;
    for (auto family : {seller_endpoints(), order_endpoints(), product_endpoints(),
                        global_product_endpoints(), fulfillment_endpoints(), logistics_endpoints(),
                        finance_endpoints(), return_refund_endpoints(), event_endpoints()}) {
      out.insert(out.end(), family.begin(), family.end());
    }
    return out;
  }();
  return all;
}

constexpr DetailSpec kOrderDetail{.endpoint = "orders.get", .ids_param = "ids", .batch = 50};

constexpr ResourceSpec kResources[] = {
    {.id = "shops",
     .name = "Shops",
     .export_endpoint = "shops.list",
     .imports = {"shops.deauthorize"}},
    {.id = "seller_shops", .name = "Active shops", .export_endpoint = "seller.shops"},
    {.id = "seller_permissions",
     .name = "Seller permissions",
     .export_endpoint = "seller.permissions"},
    {.id = "category_assets",
     .name = "Authorized category assets",
     .export_endpoint = "authorization.category_assets"},
    {.id = "orders",
     .name = "Orders",
     .export_endpoint = "orders.search",
     .detail = &kOrderDetail,
     .imports = {"orders.external_orders.add"}},
    {.id = "products",
     .name = "Products",
     .export_endpoint = "products.search",
     .imports = {"products.create", "products.update", "products.partial_edit", "products.delete"}},
    {.id = "product_status",
     .name = "Product status",
     .imports = {"products.activate", "products.deactivate", "products.recover"}},
    {.id = "inventory",
     .name = "Inventory",
     .export_endpoint = "inventory.search",
     .imports = {"products.inventory.update"}},
    {.id = "prices", .name = "Prices", .imports = {"products.prices.update"}},
    {.id = "media", .name = "Images and files", .imports = {"images.upload", "files.upload"}},
    {.id = "categories", .name = "Categories", .export_endpoint = "categories.list"},
    {.id = "brands",
     .name = "Brands",
     .export_endpoint = "brands.list",
     .imports = {"brands.create"}},
    {.id = "global_categories",
     .name = "Global categories",
     .export_endpoint = "global_categories.list"},
    {.id = "global_products",
     .name = "Global products",
     .export_endpoint = "global_products.search",
     .imports = {"global_products.create", "global_products.update", "global_products.delete",
                 "global_products.publish"}},
    {.id = "manufacturers",
     .name = "Manufacturers (EU compliance)",
     .export_endpoint = "manufacturers.search",
     .imports = {"manufacturers.create", "manufacturers.partial_edit"}},
    {.id = "responsible_persons",
     .name = "Responsible persons (EU compliance)",
     .export_endpoint = "responsible_persons.search",
     .imports = {"responsible_persons.create", "responsible_persons.partial_edit"}},
    {.id = "returns",
     .name = "Returns",
     .export_endpoint = "returns.search",
     .imports = {"returns.approve", "returns.reject", "returns.create"}},
    {.id = "cancellations",
     .name = "Cancellations",
     .export_endpoint = "cancellations.search",
     .imports = {"cancellations.approve", "cancellations.reject", "cancellations.create"}},
    {.id = "packages",
     .name = "Packages",
     .export_endpoint = "packages.search",
     .imports = {"packages.ship", "packages.batch_ship", "packages.shipping_info.update",
                 "packages.deliver"}},
    {.id = "package_layout",
     .name = "Package creation, splits and combinations",
     .export_endpoint = "combinable_packages.search",
     .imports = {"packages.create", "packages.combine", "packages.uncombine", "orders.split"}},
    {.id = "order_shipping",
     .name = "Seller-shipped orders",
     .imports = {"orders.mark_shipped", "orders.shipping_info.update"}},
    {.id = "warehouses", .name = "Warehouses", .export_endpoint = "warehouses.list"},
    {.id = "global_warehouses",
     .name = "Global warehouses",
     .export_endpoint = "global_warehouses.list"},
    {.id = "statements", .name = "Statements", .export_endpoint = "statements.list"},
    {.id = "statement_transactions",
     .name = "Statement transactions",
     .export_endpoint = "statements.transactions"},
    {.id = "unsettled_orders", .name = "Unsettled orders", .export_endpoint = "finance.unsettled"},
    {.id = "payments", .name = "Payments", .export_endpoint = "payments.list"},
    {.id = "withdrawals", .name = "Withdrawals", .export_endpoint = "withdrawals.list"},
    {.id = "webhooks",
     .name = "Webhook subscriptions",
     .export_endpoint = "webhooks.list",
     .imports = {"webhooks.update", "webhooks.delete"}},
};

// Splits off the next "/"-separated segment of `path` (which starts after a '/').
std::string_view next_segment(std::string_view& path) {
  const size_t slash = path.find('/');
  const std::string_view segment = path.substr(0, slash);
  path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  return segment;
}

// -1 when `path` does not fit `path_template`; else the number of literal segments matched.
int match_path(std::string_view path_template, std::string_view path) {
  if (!path_template.starts_with('/') || !path.starts_with('/')) return -1;
  path_template.remove_prefix(1);
  path.remove_prefix(1);
  int literals = 0;
  while (!path_template.empty() || !path.empty()) {
    if (path_template.empty() || path.empty()) return -1;
    const std::string_view want = next_segment(path_template);
    const std::string_view have = next_segment(path);
    if (have.empty()) return -1;
    if (want.starts_with('{') && want.ends_with('}')) continue;
    if (want != have) return -1;
    ++literals;
  }
  return literals;
}

}  // namespace

std::span<const EndpointSpec> endpoints() { return all_endpoints(); }
std::span<const ResourceSpec> resources() { return kResources; }

const EndpointSpec* find_endpoint(std::string_view id) {
  for (const EndpointSpec& spec : all_endpoints()) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

size_t endpoint_index(const EndpointSpec& spec) {
  return static_cast<size_t>(&spec - all_endpoints().data());
}

const EndpointSpec* find_endpoint_by_path(std::string_view method, std::string_view path) {
  const EndpointSpec* best = nullptr;
  int best_literals = -1;
  for (const EndpointSpec& spec : all_endpoints()) {
    if (spec.method != method) continue;
    const int literals = match_path(spec.path, path);
    if (literals > best_literals) {
      best = &spec;
      best_literals = literals;
    }
  }
  return best;
}

std::string_view retirement_date(const EndpointSpec& spec, std::string_view version) {
  for (const VersionFact& fact : spec.served) {
    if (fact.version == version) return fact.retires;
  }
  return {};
}

std::string_view scope_rule_name(ScopeRule rule) {
  switch (rule) {
    case ScopeRule::kRequired:
      return "required";
    case ScopeRule::kForbidden:
      return "forbidden";
    case ScopeRule::kOptional:
      return "optional";
  }
  return "optional";
}

}  // namespace tts
