// route_table.cpp: every endpoint the sandbox serves, with the versions and shop_cipher rule of
// each. Facts (paths, versions, retirements, shop_cipher) come from TikTok Shop's reference pages
// and the SDKs (EcomPHP/tiktokshop-php src/Resources, fudiwei's SKIT models); see
// docs/tiktok-shop-api.md. The sandbox decides from this table alone, never from a path prefix.
#include "endpoint_handlers.hpp"
#include "router.hpp"

namespace sandbox {
namespace {

using V = std::string_view;
constexpr V k202309[] = {"202309"};
constexpr V k202312[] = {"202312"};
constexpr V k202403[] = {"202403"};
constexpr V k202405[] = {"202405"};
constexpr V k202406[] = {"202406"};
constexpr V k202407[] = {"202407"};
constexpr V k202409[] = {"202409"};
constexpr V k202501[] = {"202501"};
constexpr V k202507[] = {"202507"};
constexpr V k202605[] = {"202605"};
// Where the current reference page moved to a new version and the older one is still served.
constexpr V kOrderDetail[] = {"202309", "202507"};
constexpr V kProductSearch[] = {"202309", "202502"};
constexpr V kProductEdit[] = {"202309", "202509"};
constexpr V kCreatePackages[] = {"202309", "202512"};
constexpr V kAftersaleEligibility[] = {"202309", "202512"};

// Payments 202309 was shut off on 2026-08-15 (TikTok's changelog, docs/tiktok-shop-api.md).
// Transactions 202309 (by statement, by order) ended on 2025-12-31 per TikTok's version
// deprecation roadmap as community SDK notes cite it; 202501 is the reference pages' version.
constexpr RetiredVersion kTransactionsRetired[] = {{"202309", "2025-12-31"}};
constexpr RetiredVersion kPaymentsRetired[] = {{"202309", "2026-08-15"}};

constexpr auto kSigned = Gate::kSignedApi;
constexpr auto kShop = ShopScope::kRequired;
constexpr auto kNoShop = ShopScope::kForbidden;
constexpr auto kJson = BodyKind::kJson;
constexpr auto kMultipart = BodyKind::kMultipart;

constexpr Route kRoutes[] = {
    // Authorization side (services + auth hosts).
    {"GET",
     "/open/authorize",
     "authorize",
     Gate::kAuthorizePage,
     kNoShop,
     kJson,
     false,
     {},
     &handle_authorize_page},
    {"GET",
     "/api/v2/token/get",
     "token.get",
     Gate::kTokenApi,
     kNoShop,
     kJson,
     false,
     {},
     &handle_token_get},
    {"GET",
     "/api/v2/token/refresh",
     "token.refresh",
     Gate::kTokenApi,
     kNoShop,
     kJson,
     false,
     {},
     &handle_token_refresh},
    // Files the sandbox serves itself (shipping documents).
    {"GET",
     "/__sandbox/documents/{id}",
     "documents.file",
     Gate::kPublicFile,
     kNoShop,
     kJson,
     false,
     {},
     &handle_document_file},

    // Seller and authorization: seller-level calls take no shop_cipher, except deauthorizing a
    // shop, which names the shop by it.
    {"GET", "/authorization/{version}/shops", "authorization.shops", kSigned, kNoShop, kJson, false,
     k202309, &handle_authorized_shops},
    {"DELETE", "/authorization/{version}/shops", "authorization.deauthorize", kSigned, kShop, kJson,
     true, k202403, &handle_deauthorize_shop},
    {"GET", "/authorization/{version}/category_assets", "authorization.category_assets", kSigned,
     kNoShop, kJson, false, k202405, &handle_category_assets},
    {"GET", "/seller/{version}/shops", "seller.shops", kSigned, kNoShop, kJson, false, k202309,
     &handle_authorized_shops},
    {"GET", "/seller/{version}/permissions", "seller.permissions", kSigned, kNoShop, kJson, false,
     k202309, &handle_seller_permissions},

    // Orders.
    {"POST", "/order/{version}/orders/search", "orders.search", kSigned, kShop, kJson, false,
     k202309, &handle_orders_search},
    {"GET", "/order/{version}/orders", "orders.get", kSigned, kShop, kJson, false, kOrderDetail,
     &handle_orders_get},
    {"GET", "/order/{version}/orders/{id}/price_detail", "orders.price_detail", kSigned, kShop,
     kJson, false, k202407, &handle_order_price_detail},
    {"POST", "/order/{version}/orders/external_orders", "orders.external_orders.add", kSigned,
     kShop, kJson, true, k202406, &handle_external_orders_add},
    {"GET", "/order/{version}/orders/{id}/external_orders", "orders.external_orders.get", kSigned,
     kShop, kJson, false, k202406, &handle_external_orders_get},
    {"POST", "/order/{version}/orders/external_order_search", "orders.external_orders.search",
     kSigned, kShop, kJson, false, k202406, &handle_external_orders_search},

    // Products.
    {"POST", "/product/{version}/products/search", "products.search", kSigned, kShop, kJson, false,
     kProductSearch, &handle_products_search},
    {"GET", "/product/{version}/products/{id}", "products.get", kSigned, kShop, kJson, false,
     k202309, &handle_product_get},
    {"POST", "/product/{version}/products", "products.create", kSigned, kShop, kJson, true, k202309,
     &handle_product_create},
    {"PUT", "/product/{version}/products/{id}", "products.update", kSigned, kShop, kJson, true,
     kProductEdit, &handle_product_update},
    {"POST", "/product/{version}/products/{id}/partial_edit", "products.partial_edit", kSigned,
     kShop, kJson, true, kProductEdit, &handle_product_partial_edit},
    {"DELETE", "/product/{version}/products", "products.delete", kSigned, kShop, kJson, true,
     k202309, &handle_products_delete},
    {"POST", "/product/{version}/products/activate", "products.activate", kSigned, kShop, kJson,
     true, k202309, &handle_products_activate},
    {"POST", "/product/{version}/products/deactivate", "products.deactivate", kSigned, kShop, kJson,
     true, k202309, &handle_products_deactivate},
    {"POST", "/product/{version}/products/recover", "products.recover", kSigned, kShop, kJson, true,
     k202309, &handle_products_recover},
    {"POST", "/product/{version}/products/{id}/inventory/update", "inventory.update", kSigned,
     kShop, kJson, true, k202309, &handle_inventory_update},
    {"POST", "/product/{version}/inventory/search", "inventory.search", kSigned, kShop, kJson,
     false, k202309, &handle_inventory_search},
    {"POST", "/product/{version}/products/{id}/prices/update", "prices.update", kSigned, kShop,
     kJson, true, k202309, &handle_prices_update},
    // Uploads: multipart, the body is not signed, no shop_cipher.
    {"POST", "/product/{version}/images/upload", "images.upload", kSigned, kNoShop, kMultipart,
     false, k202309, &handle_image_upload},
    {"POST", "/product/{version}/files/upload", "files.upload", kSigned, kNoShop, kMultipart, false,
     k202309, &handle_file_upload},

    // Catalog: categories, attributes, rules, brands, prerequisites.
    {"GET", "/product/{version}/categories", "categories.list", kSigned, kShop, kJson, false,
     k202309, &handle_categories},
    {"GET", "/product/{version}/categories/{id}/attributes", "categories.attributes", kSigned,
     kShop, kJson, false, k202309, &handle_category_attributes},
    {"GET", "/product/{version}/categories/{id}/rules", "categories.rules", kSigned, kShop, kJson,
     false, k202309, &handle_category_rules},
    {"POST", "/product/{version}/categories/recommend", "categories.recommend", kSigned, kShop,
     kJson, false, k202309, &handle_category_recommend},
    {"GET", "/product/{version}/brands", "brands.list", kSigned, kShop, kJson, false, k202309,
     &handle_brands},
    {"POST", "/product/{version}/brands", "brands.create", kSigned, kNoShop, kJson, true, k202309,
     &handle_brand_create},
    {"GET", "/product/{version}/prerequisites", "products.prerequisites", kSigned, kShop, kJson,
     false, k202312, &handle_listing_prerequisites},
    {"POST", "/product/{version}/brands/recommend", "brands.recommend", kSigned, kNoShop, kJson,
     false, k202309, &handle_brands_recommend},
    {"GET", "/product/{version}/listing_schemas", "listing_schemas.get", kSigned, kNoShop, kJson,
     false, k202407, &handle_listing_schemas},
    {"POST", "/product/{version}/images/size_charts/identify", "size_charts.identify", kSigned,
     kNoShop, kJson, false, k202309, &handle_size_chart_identify},
    // Global products (cross-border sellers): seller-level, no shop_cipher.
    {"GET", "/product/{version}/global_categories", "global_categories.list", kSigned, kNoShop,
     kJson, false, k202309, &handle_categories},
    {"GET", "/product/{version}/categories/{id}/global_attributes", "global_categories.attributes",
     kSigned, kNoShop, kJson, false, k202309, &handle_category_attributes},
    {"GET", "/product/{version}/categories/{id}/global_rules", "global_categories.rules", kSigned,
     kNoShop, kJson, false, k202309, &handle_category_rules},
    {"POST", "/product/{version}/global_categories/recommend", "global_categories.recommend",
     kSigned, kNoShop, kJson, false, k202309, &handle_category_recommend},
    {"POST", "/product/{version}/global_products", "global_products.create", kSigned, kNoShop,
     kJson, true, k202309, &handle_global_product_create},
    {"POST", "/product/{version}/global_products/search", "global_products.search", kSigned,
     kNoShop, kJson, false, k202312, &handle_global_products_search},
    {"GET", "/product/{version}/global_products/{id}", "global_products.get", kSigned, kNoShop,
     kJson, false, k202309, &handle_global_product_get},
    {"PUT", "/product/{version}/global_products/{id}", "global_products.update", kSigned, kNoShop,
     kJson, true, k202309, &handle_global_product_update},
    {"DELETE", "/product/{version}/global_products", "global_products.delete", kSigned, kNoShop,
     kJson, true, k202309, &handle_global_products_delete},
    {"POST", "/product/{version}/global_products/{id}/publish", "global_products.publish", kSigned,
     kNoShop, kJson, true, k202309, &handle_global_product_publish},
    {"POST", "/product/{version}/global_products/{id}/inventory/update",
     "global_products.inventory.update", kSigned, kNoShop, kJson, true, k202309,
     &handle_global_inventory_update},
    // EU compliance (GPSR): manufacturers and responsible persons, seller-level.
    {"POST", "/product/{version}/compliance/manufacturers", "compliance.manufacturers.create",
     kSigned, kNoShop, kJson, true, k202409, &handle_manufacturer_create},
    {"POST", "/product/{version}/compliance/manufacturers/search",
     "compliance.manufacturers.search", kSigned, kNoShop, kJson, false, k202501,
     &handle_manufacturers_search},
    {"POST", "/product/{version}/compliance/manufacturers/{id}/partial_edit",
     "compliance.manufacturers.partial_edit", kSigned, kNoShop, kJson, true, k202409,
     &handle_manufacturer_partial_edit},
    {"POST", "/product/{version}/compliance/responsible_persons",
     "compliance.responsible_persons.create", kSigned, kNoShop, kJson, true, k202409,
     &handle_responsible_person_create},
    {"POST", "/product/{version}/compliance/responsible_persons/search",
     "compliance.responsible_persons.search", kSigned, kNoShop, kJson, false, k202501,
     &handle_responsible_persons_search},
    {"POST", "/product/{version}/compliance/responsible_persons/{id}/partial_edit",
     "compliance.responsible_persons.partial_edit", kSigned, kNoShop, kJson, true, k202409,
     &handle_responsible_person_partial_edit},

    // Returns, refunds and cancellations.
    {"POST", "/return_refund/{version}/returns/search", "returns.search", kSigned, kShop, kJson,
     false, k202309, &handle_returns_search},
    {"POST", "/return_refund/{version}/returns/{id}/approve", "returns.approve", kSigned, kShop,
     kJson, true, k202309, &handle_return_approve},
    {"POST", "/return_refund/{version}/returns/{id}/reject", "returns.reject", kSigned, kShop,
     kJson, true, k202309, &handle_return_reject},
    {"GET", "/return_refund/{version}/returns/{id}/records", "returns.records", kSigned, kShop,
     kJson, false, k202309, &handle_return_records},
    {"POST", "/return_refund/{version}/returns", "returns.create", kSigned, kShop, kJson, true,
     k202309, &handle_return_create},
    {"GET", "/return_refund/{version}/reject_reasons", "returns.reject_reasons", kSigned, kShop,
     kJson, false, k202309, &handle_reject_reasons},
    {"GET", "/return_refund/{version}/orders/{id}/aftersale_eligibility",
     "returns.aftersale_eligibility", kSigned, kShop, kJson, false, kAftersaleEligibility,
     &handle_aftersale_eligibility},
    {"POST", "/return_refund/{version}/refunds/calculate", "refunds.calculate", kSigned, kShop,
     kJson, false, k202309, &handle_refund_calculate},
    {"POST", "/return_refund/{version}/cancellations/search", "cancellations.search", kSigned,
     kShop, kJson, false, k202309, &handle_cancellations_search},
    {"POST", "/return_refund/{version}/cancellations", "cancellations.create", kSigned, kShop,
     kJson, true, k202309, &handle_cancellation_create},
    {"POST", "/return_refund/{version}/cancellations/{id}/approve", "cancellations.approve",
     kSigned, kShop, kJson, true, k202309, &handle_cancellation_approve},
    {"POST", "/return_refund/{version}/cancellations/{id}/reject", "cancellations.reject", kSigned,
     kShop, kJson, true, k202309, &handle_cancellation_reject},

    // Fulfillment.
    {"POST", "/fulfillment/{version}/packages/search", "packages.search", kSigned, kShop, kJson,
     false, k202309, &handle_packages_search},
    {"GET", "/fulfillment/{version}/packages/{id}", "packages.get", kSigned, kShop, kJson, false,
     k202309, &handle_package_get},
    {"POST", "/fulfillment/{version}/packages/{id}/ship", "packages.ship", kSigned, kShop, kJson,
     true, k202309, &handle_package_ship},
    {"POST", "/fulfillment/{version}/packages/ship", "packages.batch_ship", kSigned, kShop, kJson,
     true, k202309, &handle_packages_batch_ship},
    {"GET", "/fulfillment/{version}/packages/{id}/shipping_documents",
     "packages.shipping_documents", kSigned, kShop, kJson, false, k202309,
     &handle_shipping_documents},
    {"GET", "/fulfillment/{version}/packages/{id}/handover_time_slots",
     "packages.handover_time_slots", kSigned, kShop, kJson, false, k202309,
     &handle_handover_time_slots},
    {"POST", "/fulfillment/{version}/packages/{id}/shipping_info/update",
     "packages.shipping_info.update", kSigned, kShop, kJson, true, k202309,
     &handle_package_shipping_info_update},
    {"POST", "/fulfillment/{version}/orders/{id}/shipping_info/update",
     "orders.shipping_info.update", kSigned, kShop, kJson, true, k202309,
     &handle_order_shipping_info_update},
    {"POST", "/fulfillment/{version}/orders/{id}/packages", "orders.mark_shipped", kSigned, kShop,
     kJson, true, k202309, &handle_mark_package_shipped},
    {"POST", "/fulfillment/{version}/orders/{id}/shipping_services/query",
     "orders.shipping_services", kSigned, kShop, kJson, false, k202309, &handle_shipping_services},
    {"POST", "/fulfillment/{version}/packages", "packages.create", kSigned, kShop, kJson, true,
     kCreatePackages, &handle_package_create},
    {"GET", "/fulfillment/{version}/orders/split_attributes", "orders.split_attributes", kSigned,
     kShop, kJson, false, k202309, &handle_split_attributes},
    {"POST", "/fulfillment/{version}/orders/{id}/split", "orders.split", kSigned, kShop, kJson,
     true, k202309, &handle_order_split},
    {"GET", "/fulfillment/{version}/combinable_packages/search", "packages.combinable", kSigned,
     kShop, kJson, false, k202309, &handle_combinable_packages},
    {"POST", "/fulfillment/{version}/packages/combine", "packages.combine", kSigned, kShop, kJson,
     true, k202309, &handle_packages_combine},
    {"POST", "/fulfillment/{version}/packages/{id}/uncombine", "packages.uncombine", kSigned, kShop,
     kJson, true, k202309, &handle_package_uncombine},
    {"POST", "/fulfillment/{version}/packages/deliver", "packages.deliver", kSigned, kShop, kJson,
     true, k202309, &handle_packages_deliver},
    {"GET", "/fulfillment/{version}/orders/{id}/tracking", "orders.tracking", kSigned, kShop, kJson,
     false, k202309, &handle_order_tracking},
    // Proof-of-delivery uploads: multipart like the product uploads, but shop-scoped (the
    // reference pages list shop_cipher in their query).
    {"POST", "/fulfillment/{version}/images/upload", "fulfillment.images.upload", kSigned, kShop,
     kMultipart, false, k202309, &handle_image_upload},
    {"POST", "/fulfillment/{version}/files/upload", "fulfillment.files.upload", kSigned, kShop,
     kMultipart, false, k202309, &handle_file_upload},
    // First-mile bundles are seller-level: no shop_cipher.
    {"POST", "/fulfillment/{version}/bundles", "fulfillment.bundles.create", kSigned, kNoShop,
     kJson, true, k202407, &handle_bundle_create},

    // Logistics.
    {"GET", "/logistics/{version}/warehouses", "warehouses.list", kSigned, kShop, kJson, false,
     k202309, &handle_warehouses},
    {"GET", "/logistics/{version}/global_warehouses", "warehouses.global", kSigned, kNoShop, kJson,
     false, k202309, &handle_global_warehouses},
    {"GET", "/logistics/{version}/warehouses/{id}/delivery_options", "warehouses.delivery_options",
     kSigned, kShop, kJson, false, k202309, &handle_delivery_options},
    {"GET", "/logistics/{version}/delivery_options/{id}/shipping_providers",
     "delivery_options.shipping_providers", kSigned, kShop, kJson, false, k202309,
     &handle_shipping_providers},

    // Finance.
    {"GET", "/finance/{version}/statements", "statements.search", kSigned, kShop, kJson, false,
     k202309, &handle_statements},
    {"GET", "/finance/{version}/statements/{id}/statement_transactions", "statements.transactions",
     kSigned, kShop, kJson, false, k202501, &handle_statement_transactions, kTransactionsRetired},
    {"GET", "/finance/{version}/orders/{id}/statement_transactions", "orders.transactions", kSigned,
     kShop, kJson, false, k202501, &handle_order_transactions, kTransactionsRetired},
    {"GET", "/finance/{version}/orders/unsettled", "orders.unsettled", kSigned, kShop, kJson, false,
     k202507, &handle_unsettled_orders},
    {"GET", "/finance/{version}/payments", "payments.list", kSigned, kShop, kJson, false, k202605,
     &handle_payments, kPaymentsRetired},
    {"GET", "/finance/{version}/withdrawals", "withdrawals.list", kSigned, kShop, kJson, false,
     k202309, &handle_withdrawals},

    // Webhook subscriptions.
    {"GET", "/event/{version}/webhooks", "webhooks.get", kSigned, kShop, kJson, false, k202309,
     &handle_webhooks_get},
    {"PUT", "/event/{version}/webhooks", "webhooks.put", kSigned, kShop, kJson, true, k202309,
     &handle_webhooks_put},
    {"DELETE", "/event/{version}/webhooks", "webhooks.delete", kSigned, kShop, kJson, true, k202309,
     &handle_webhooks_delete},
};

}  // namespace

std::span<const Route> all_routes() { return kRoutes; }

}  // namespace sandbox
