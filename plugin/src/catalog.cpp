// The endpoint catalog: the family files (catalog_<family>.cpp) joined in one stable order, the
// resources flows pick by name, and lookups. Facts and their sources: plugin/API_SOURCES.md.
// Every connection can override versions (endpoint_versions), because TikTok versions each
// endpoint separately and retires versions over time.
#include <vector>

#include <text_codec/enum_names.hpp>

#include "catalog_specs.hpp"

namespace tts {
namespace {

using namespace catalog;

// A family's endpoints and the OAuth scope its calls need unless a row names its own (the
// reference pages give one scope per family, API_SOURCES.md "Scopes"; empty: none stated).
struct Family {
  std::span<const EndpointSpec> endpoints;
  std::string_view oauth_scope;
};

const std::vector<EndpointSpec>& all_endpoints() {
  static const std::vector<EndpointSpec> all = [] {
    const Family families[] = {
        {seller_endpoints(), "seller.authorization.info"},
        {order_endpoints(), "seller.order.info"},
        {product_endpoints(), "seller.product.basic"},
        {global_product_endpoints(), "seller.product.basic"},
        {fulfillment_endpoints(), "seller.fulfillment.basic"},
        {logistics_endpoints(), "seller.logistics"},
        {finance_endpoints(), "seller.finance.info"},
        {return_refund_endpoints(), "seller.return_refund.basic"},
        {event_endpoints(), ""},
    };
    std::vector<EndpointSpec> out;
    for (const Family& family : families) {
      for (EndpointSpec spec : family.endpoints) {
        if (spec.oauth_scope.empty()) spec.oauth_scope = family.oauth_scope;
        out.push_back(spec);
      }
    }
    return out;
  }();
  return all;
}

constexpr DetailSpec kOrderDetail{.endpoint = "orders.get", .ids_param = "ids", .batch = 50};

// A resource: its id, its name, the endpoint its export pages ("": none), the writes it imports by.
constexpr ResourceSpec resource(std::string_view id, std::string_view name,
                                std::string_view export_endpoint,
                                std::array<std::string_view, 4> imports = {}) {
  return {.id = id, .name = name, .export_endpoint = export_endpoint, .imports = imports};
}

constexpr ResourceSpec kResources[] = {
    resource("shops", "Shops", "shops.list", {"shops.deauthorize"}),
    resource("seller_shops", "Active shops", "seller.shops"),
    resource("seller_permissions", "Seller permissions", "seller.permissions"),
    resource("category_assets", "Authorized category assets", "authorization.category_assets"),
    {.id = "orders",
     .name = "Orders",
     .export_endpoint = "orders.search",
     .detail = &kOrderDetail,
     .imports = {"orders.external_orders.add"}},
    resource("products", "Products", "products.search",
             {"products.create", "products.update", "products.partial_edit", "products.delete"}),
    resource("product_status", "Product status", "",
             {"products.activate", "products.deactivate", "products.recover"}),
    resource("inventory", "Inventory", "inventory.search", {"products.inventory.update"}),
    resource("prices", "Prices", "", {"products.prices.update"}),
    resource("media", "Images and files", "", {"images.upload", "files.upload"}),
    resource("categories", "Categories", "categories.list"),
    resource("brands", "Brands", "brands.list", {"brands.create"}),
    resource("global_categories", "Global categories", "global_categories.list"),
    resource("global_products", "Global products", "global_products.search",
             {"global_products.create", "global_products.update", "global_products.delete",
              "global_products.publish"}),
    resource("manufacturers", "Manufacturers (EU compliance)", "manufacturers.search",
             {"manufacturers.create", "manufacturers.partial_edit"}),
    resource("responsible_persons", "Responsible persons (EU compliance)",
             "responsible_persons.search",
             {"responsible_persons.create", "responsible_persons.partial_edit"}),
    resource("returns", "Returns", "returns.search",
             {"returns.approve", "returns.reject", "returns.create"}),
    resource("cancellations", "Cancellations", "cancellations.search",
             {"cancellations.approve", "cancellations.reject", "cancellations.create"}),
    resource("packages", "Packages", "packages.search",
             {"packages.ship", "packages.batch_ship", "packages.shipping_info.update",
              "packages.deliver"}),
    resource("package_layout", "Package creation, splits and combinations",
             "combinable_packages.search",
             {"packages.create", "packages.combine", "packages.uncombine", "orders.split"}),
    resource("order_shipping", "Seller-shipped orders", "",
             {"orders.mark_shipped", "orders.shipping_info.update"}),
    resource("warehouses", "Warehouses", "warehouses.list"),
    resource("global_warehouses", "Global warehouses", "global_warehouses.list"),
    resource("statements", "Statements", "statements.list"),
    resource("statement_transactions", "Statement transactions", "statements.transactions"),
    resource("unsettled_orders", "Unsettled orders", "finance.unsettled"),
    resource("payments", "Payments", "payments.list"),
    resource("withdrawals", "Withdrawals", "withdrawals.list"),
    resource("webhooks", "Webhook subscriptions", "webhooks.list",
             {"webhooks.update", "webhooks.delete"}),
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
  static constexpr textcodec::EnumName<ScopeRule> kNames[] = {{ScopeRule::kRequired, "required"},
                                                              {ScopeRule::kForbidden, "forbidden"},
                                                              {ScopeRule::kOptional, "optional"}};
  return textcodec::enum_name(kNames, rule, "optional");
}

}  // namespace tts
