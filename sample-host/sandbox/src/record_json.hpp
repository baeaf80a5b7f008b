// record_json.hpp: how each record looks in TikTok's responses (ids as strings, amounts as
// decimal strings, times as unix seconds).
#pragma once

#include <json_writer/json_writer.hpp>

#include "shop_data.hpp"

namespace sandbox {

// `version` shapes Get Order Detail: 202507 adds handling_duration and the recipient's
// first/last name and address lines.
void write_order(jsonw::Writer& w, const Order& order, std::string_view version = "202309");
// Search results carry the summary fields; detail adds description and sku prices in full.
// Search Products 202502 adds audit.status and skus[].status_info.
void write_product(jsonw::Writer& w, const Product& product, bool detail,
                   std::string_view version = "202309");
void write_return(jsonw::Writer& w, const ReturnOrder& r);
void write_cancellation(jsonw::Writer& w, const Cancellation& c);
void write_package(jsonw::Writer& w, const Package& p);
void write_statement(jsonw::Writer& w, const Statement& s);
void write_transaction(jsonw::Writer& w, const StatementTransaction& t);
void write_warehouse(jsonw::Writer& w, const Warehouse& wh);

}  // namespace sandbox
