// record_json.cpp: field names follow TikTok Shop's 202309 responses.
#include "record_json.hpp"

namespace sandbox {
namespace {

// The audit status Search Products 202502 reports for a product status.
std::string_view audit_status_of(const Product& p) {
  if (p.status == "ACTIVATE") return "APPROVED";
  if (p.status == "PENDING") return "AUDITING";
  if (p.status == "FAILED") return "FAILED";
  return "NONE";  // drafts, deactivated, deleted
}

}  // namespace

void write_order(jsonw::Writer& w, const Order& o, std::string_view version) {
  const bool v202507 = version >= "202507";
  w.begin_object();
  w.field("id", o.id).field("status", o.status).field("user_id", o.user_id);
  w.field("buyer_email", o.buyer_email).field("create_time", o.create_time);
  w.field("update_time", o.update_time);
  if (o.paid_time) w.field("paid_time", o.paid_time);
  w.field("warehouse_id", o.warehouse_id).field("fulfillment_type", "FULFILLMENT_BY_SELLER");
  w.field("delivery_type", "HOME_DELIVERY").field("shipping_type", "TIKTOK");
  w.field("tracking_number", o.tracking_number).field("shipping_provider", o.shipping_provider);
  w.key("payment").begin_object().field("currency", o.currency).field("sub_total", o.sub_total);
  w.field("shipping_fee", o.shipping_fee).field("tax", "0.00");
  w.field("total_amount", o.total_amount).end_object();
  w.key("recipient_address").begin_object().field("name", o.recipient_name);
  w.field("postal_code", o.postal_code).field("region_code", o.region_code);
  w.field("full_address", o.recipient_name + ", " + o.postal_code + ", " + o.region_code);
  if (v202507) {
    const size_t space = o.recipient_name.find(' ');
    w.field("first_name", o.recipient_name.substr(0, space));
    w.field("last_name", space == std::string::npos ? "" : o.recipient_name.substr(space + 1));
    w.field("address_line1", std::string("1 Sandbox Street"));
  }
  w.end_object();
  if (v202507) {
    w.key("handling_duration").begin_object().field("days", "3");
    w.field("type", "BUSINESS_DAY").end_object();
  }
  w.key("line_items").begin_array();
  for (const auto& li : o.line_items) {
    w.begin_object().field("id", li.id).field("product_id", li.product_id);
    w.field("sku_id", li.sku_id).field("product_name", li.product_name);
    w.field("seller_sku", li.seller_sku).field("sale_price", li.sale_price);
    w.field("original_price", li.sale_price).field("currency", li.currency);
    w.field("display_status", o.status).end_object();
  }
  w.end_array();
  w.key("packages").begin_array();
  for (const auto& id : o.package_ids) w.begin_object().field("id", id).end_object();
  w.end_array();
  w.end_object();
}

void write_product(jsonw::Writer& w, const Product& p, bool detail, std::string_view version) {
  const bool v202502 = !detail && version >= "202502";
  w.begin_object();
  w.field("id", p.id).field("title", p.title).field("status", p.status);
  if (v202502) w.key("audit").begin_object().field("status", audit_status_of(p)).end_object();
  if (detail) {
    w.field("description", p.description).field("category_id", p.category_id);
  }
  w.field("create_time", p.create_time).field("update_time", p.update_time);
  w.key("skus").begin_array();
  for (const auto& s : p.skus) {
    w.begin_object().field("id", s.id).field("seller_sku", s.seller_sku);
    w.key("price").begin_object().field("currency", s.currency);
    w.field("tax_exclusive_price", s.price);
    if (detail) w.field("sale_price", s.price);
    w.end_object();
    w.key("inventory").begin_array();
    for (const auto& inv : s.inventory) {
      w.begin_object().field("warehouse_id", inv.warehouse_id);
      w.field("quantity", inv.quantity).end_object();
    }
    w.end_array();
    if (v202502) {
      w.key("status_info").begin_object();
      w.field("status", p.status == "SELLER_DEACTIVATED" ? "DEACTIVATED" : "NORMAL");
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.key("sales_regions").begin_array().value("US").end_array();
  w.end_object();
}

namespace {

// `prefix` is "return" or "cancel": the field names are <prefix>_id, <prefix>_status, ...
void write_after_sale(jsonw::Writer& w, const AfterSaleRequest& r, std::string_view prefix) {
  const std::string p(prefix);
  w.begin_object().field(p + "_id", r.id).field("order_id", r.order_id);
  w.field(p + "_status", r.status).field(p + "_type", r.type);
  w.field(p + "_reason", r.reason).field("create_time", r.create_time);
  w.field("update_time", r.update_time);
  w.key("refund_amount").begin_object().field("currency", r.currency);
  w.field("refund_total", r.refund_total).end_object();
  w.end_object();
}

}  // namespace

void write_return(jsonw::Writer& w, const ReturnOrder& r) { write_after_sale(w, r, "return"); }

void write_cancellation(jsonw::Writer& w, const Cancellation& c) {
  write_after_sale(w, c, "cancel");
}

void write_package(jsonw::Writer& w, const Package& p) {
  w.begin_object().field("id", p.id).field("package_status", p.package_status);
  w.key("orders").begin_array().begin_object().field("id", p.order_id).end_object().end_array();
  w.field("shipping_provider_id", p.shipping_provider_id);
  w.field("shipping_provider_name", p.shipping_provider_name);
  w.field("tracking_number", p.tracking_number).field("create_time", p.create_time);
  w.field("update_time", p.update_time).end_object();
}

void write_statement(jsonw::Writer& w, const Statement& s) {
  w.begin_object().field("id", s.id).field("statement_time", s.statement_time);
  w.field("currency", s.currency).field("revenue_amount", s.revenue_amount);
  w.field("fee_amount", s.fee_amount).field("adjustment_amount", s.adjustment_amount);
  w.field("settlement_amount", s.settlement_amount).field("payment_status", s.payment_status);
  w.field("payment_id", s.payment_id).end_object();
}

void write_transaction(jsonw::Writer& w, const StatementTransaction& t) {
  // Get Transactions by Statement 202501: fee_tax_amount, not 202309's fee_amount.
  w.begin_object().field("id", t.id).field("type", t.type).field("order_id", t.order_id);
  w.field("order_create_time", t.order_create_time).field("revenue_amount", t.revenue_amount);
  w.field("fee_tax_amount", t.fee_amount).field("shipping_cost_amount", "0.00");
  w.field("adjustment_amount", "0.00").field("settlement_amount", t.settlement_amount);
  w.end_object();
}

void write_warehouse(jsonw::Writer& w, const Warehouse& wh) {
  w.begin_object().field("id", wh.id).field("name", wh.name).field("type", wh.type);
  w.field("sub_type", wh.sub_type).field("effect_status", wh.effect_status);
  w.field("is_default", wh.is_default);
  w.key("address").begin_object().field("city", wh.city).field("full_address", wh.full_address);
  w.end_object().end_object();
}

}  // namespace sandbox
