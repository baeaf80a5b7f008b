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

// orders_handlers.cpp
ApiResponse handle_orders_search(HandlerContext& ctx);
ApiResponse handle_orders_get(HandlerContext& ctx);

// products_handlers.cpp
ApiResponse handle_products_search(HandlerContext& ctx);
ApiResponse handle_product_get(HandlerContext& ctx);
ApiResponse handle_product_create(HandlerContext& ctx);
ApiResponse handle_product_update(HandlerContext& ctx);
ApiResponse handle_product_partial_edit(HandlerContext& ctx);
ApiResponse handle_products_delete(HandlerContext& ctx);
ApiResponse handle_image_upload(HandlerContext& ctx);

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

// fulfillment_handlers.cpp
ApiResponse handle_packages_search(HandlerContext& ctx);
ApiResponse handle_package_get(HandlerContext& ctx);
ApiResponse handle_package_ship(HandlerContext& ctx);
ApiResponse handle_order_tracking(HandlerContext& ctx);
ApiResponse handle_warehouses(HandlerContext& ctx);

// finance_handlers.cpp
ApiResponse handle_statements(HandlerContext& ctx);
ApiResponse handle_statement_transactions(HandlerContext& ctx);

// webhook_handlers.cpp
ApiResponse handle_webhooks_get(HandlerContext& ctx);
ApiResponse handle_webhooks_put(HandlerContext& ctx);
ApiResponse handle_webhooks_delete(HandlerContext& ctx);

}  // namespace sandbox
