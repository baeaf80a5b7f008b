// record_json.hpp: how each record looks in TikTok's responses (ids as strings, amounts as
// decimal strings, times as unix seconds).
#pragma once

#include <json_writer/json_writer.hpp>

#include "shop_data.hpp"

namespace sandbox {

void write_order(jsonw::Writer& w, const Order& order);
// Search results carry the summary fields; detail adds description and sku prices in full.
void write_product(jsonw::Writer& w, const Product& product, bool detail);
void write_return(jsonw::Writer& w, const ReturnOrder& r);
void write_cancellation(jsonw::Writer& w, const Cancellation& c);
void write_package(jsonw::Writer& w, const Package& p);
void write_statement(jsonw::Writer& w, const Statement& s);
void write_transaction(jsonw::Writer& w, const StatementTransaction& t);
void write_warehouse(jsonw::Writer& w, const Warehouse& wh);

}  // namespace sandbox
