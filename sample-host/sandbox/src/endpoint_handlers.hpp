// endpoint_handlers.hpp: one function per endpoint, grouped in files by API family.
// Each takes the locked state through the context and returns the full answer.
#pragma once

#include "handler_context.hpp"

namespace sandbox {

// auth_handlers.cpp
ApiResponse handle_authorize_page(HandlerContext& ctx);
ApiResponse handle_token_get(HandlerContext& ctx);
ApiResponse handle_token_refresh(HandlerContext& ctx);
ApiResponse handle_authorized_shops(HandlerContext& ctx);

// seller_handlers.cpp
ApiResponse handle_deauthorize_shop(HandlerContext& ctx);
ApiResponse handle_category_assets(HandlerContext& ctx);
ApiResponse handle_seller_permissions(HandlerContext& ctx);

// orders_handlers.cpp
ApiResponse handle_orders_search(HandlerContext& ctx);
ApiResponse handle_orders_get(HandlerContext& ctx);
ApiResponse handle_order_price_detail(HandlerContext& ctx);
ApiResponse handle_external_orders_add(HandlerContext& ctx);
ApiResponse handle_external_orders_get(HandlerContext& ctx);
ApiResponse handle_external_orders_search(HandlerContext& ctx);

// products_handlers.cpp
ApiResponse handle_products_search(HandlerContext& ctx);
ApiResponse handle_product_get(HandlerContext& ctx);
ApiResponse handle_product_create(HandlerContext& ctx);
ApiResponse handle_product_update(HandlerContext& ctx);
ApiResponse handle_product_partial_edit(HandlerContext& ctx);
ApiResponse handle_products_delete(HandlerContext& ctx);
ApiResponse handle_products_activate(HandlerContext& ctx);
ApiResponse handle_products_deactivate(HandlerContext& ctx);
ApiResponse handle_products_recover(HandlerContext& ctx);
ApiResponse handle_image_upload(HandlerContext& ctx);
ApiResponse handle_file_upload(HandlerContext& ctx);

// catalog_handlers.cpp
ApiResponse handle_categories(HandlerContext& ctx);
ApiResponse handle_category_attributes(HandlerContext& ctx);
ApiResponse handle_category_rules(HandlerContext& ctx);
ApiResponse handle_category_recommend(HandlerContext& ctx);
ApiResponse handle_brands(HandlerContext& ctx);
ApiResponse handle_brand_create(HandlerContext& ctx);
ApiResponse handle_listing_prerequisites(HandlerContext& ctx);
ApiResponse handle_brands_recommend(HandlerContext& ctx);
ApiResponse handle_listing_schemas(HandlerContext& ctx);
ApiResponse handle_size_chart_identify(HandlerContext& ctx);
ApiResponse handle_manufacturer_partial_edit(HandlerContext& ctx);
ApiResponse handle_responsible_person_partial_edit(HandlerContext& ctx);
ApiResponse handle_global_product_create(HandlerContext& ctx);
ApiResponse handle_global_products_search(HandlerContext& ctx);
ApiResponse handle_global_product_get(HandlerContext& ctx);
ApiResponse handle_global_product_update(HandlerContext& ctx);
ApiResponse handle_global_products_delete(HandlerContext& ctx);
ApiResponse handle_global_product_publish(HandlerContext& ctx);
ApiResponse handle_global_inventory_update(HandlerContext& ctx);
ApiResponse handle_manufacturer_create(HandlerContext& ctx);
ApiResponse handle_manufacturers_search(HandlerContext& ctx);
ApiResponse handle_responsible_person_create(HandlerContext& ctx);
ApiResponse handle_responsible_persons_search(HandlerContext& ctx);

// inventory_handlers.cpp
ApiResponse handle_inventory_update(HandlerContext& ctx);
ApiResponse handle_inventory_search(HandlerContext& ctx);
ApiResponse handle_prices_update(HandlerContext& ctx);

// returns_handlers.cpp
ApiResponse handle_returns_search(HandlerContext& ctx);
ApiResponse handle_return_approve(HandlerContext& ctx);
ApiResponse handle_return_reject(HandlerContext& ctx);
ApiResponse handle_cancellations_search(HandlerContext& ctx);
ApiResponse handle_cancellation_approve(HandlerContext& ctx);
ApiResponse handle_cancellation_reject(HandlerContext& ctx);
ApiResponse handle_cancellation_create(HandlerContext& ctx);
ApiResponse handle_return_records(HandlerContext& ctx);
ApiResponse handle_return_create(HandlerContext& ctx);
ApiResponse handle_reject_reasons(HandlerContext& ctx);
ApiResponse handle_aftersale_eligibility(HandlerContext& ctx);
ApiResponse handle_refund_calculate(HandlerContext& ctx);

// fulfillment_handlers.cpp
ApiResponse handle_packages_search(HandlerContext& ctx);
ApiResponse handle_package_get(HandlerContext& ctx);
ApiResponse handle_package_ship(HandlerContext& ctx);
ApiResponse handle_order_tracking(HandlerContext& ctx);
ApiResponse handle_packages_batch_ship(HandlerContext& ctx);
ApiResponse handle_shipping_documents(HandlerContext& ctx);
ApiResponse handle_handover_time_slots(HandlerContext& ctx);
ApiResponse handle_package_shipping_info_update(HandlerContext& ctx);
ApiResponse handle_order_shipping_info_update(HandlerContext& ctx);
ApiResponse handle_mark_package_shipped(HandlerContext& ctx);
ApiResponse handle_shipping_services(HandlerContext& ctx);
ApiResponse handle_package_create(HandlerContext& ctx);
ApiResponse handle_split_attributes(HandlerContext& ctx);
ApiResponse handle_order_split(HandlerContext& ctx);
ApiResponse handle_combinable_packages(HandlerContext& ctx);
ApiResponse handle_packages_combine(HandlerContext& ctx);
ApiResponse handle_package_uncombine(HandlerContext& ctx);
ApiResponse handle_packages_deliver(HandlerContext& ctx);
ApiResponse handle_bundle_create(HandlerContext& ctx);

// logistics_handlers.cpp
ApiResponse handle_warehouses(HandlerContext& ctx);
ApiResponse handle_global_warehouses(HandlerContext& ctx);
ApiResponse handle_delivery_options(HandlerContext& ctx);
ApiResponse handle_shipping_providers(HandlerContext& ctx);

// finance_handlers.cpp
ApiResponse handle_statements(HandlerContext& ctx);
ApiResponse handle_statement_transactions(HandlerContext& ctx);
ApiResponse handle_order_transactions(HandlerContext& ctx);
ApiResponse handle_unsettled_orders(HandlerContext& ctx);
ApiResponse handle_payments(HandlerContext& ctx);
ApiResponse handle_withdrawals(HandlerContext& ctx);

// documents.cpp
ApiResponse handle_document_file(HandlerContext& ctx);

// webhook_handlers.cpp
ApiResponse handle_webhooks_get(HandlerContext& ctx);
ApiResponse handle_webhooks_put(HandlerContext& ctx);
ApiResponse handle_webhooks_delete(HandlerContext& ctx);

}  // namespace sandbox
