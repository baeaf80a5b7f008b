// catalog_handlers.cpp: categories (shop and global trees), attributes, rules, category
// recommendation, brands, listing prerequisites, global products (cross-border sellers) and EU
// compliance parties (manufacturers, responsible persons). Global products and compliance are
// seller-level: no shop_cipher, kept in SandboxState.
#include <algorithm>

#include <json_writer/json_writer.hpp>

#include "endpoint_handlers.hpp"
#include "item_errors.hpp"
#include "query_string.hpp"
#include "search_execution.hpp"

namespace sandbox {
namespace {

struct Category {
  std::string_view id, parent_id, name;
  bool leaf;
};
// A small three-level tree; the seeded products' category ids (600001-600999) are leaves of it
// in spirit: any 6000xx id answers attributes and rules.
constexpr Category kCategories[] = {
    {"600000", "0", "Home Supplies", false},
    {"600100", "600000", "Kitchenware", false},
    {"600001", "600100", "Mugs", true},
    {"600002", "600100", "Bottles", true},
    {"601000", "0", "Womenswear & Underwear", false},
    {"601100", "601000", "Tops", false},
    {"601101", "601100", "Hoodies & Sweatshirts", true},
};

bool known_category(const std::string& id) {
  return id.size() == 6 && id.rfind("60", 0) == 0 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Creates a seller-level record from the body's `name_key`; answers {"<id_key>": id}.
ApiResponse create_record(HandlerContext& ctx, std::vector<SellerRecord>& records,
                          std::string_view name_key, std::string_view id_key,
                          std::string_view target_kind) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto name = body.string_field(name_key);
  if (!name || name->empty())
    return failure(400, codes::kInvalidParameter, std::string(name_key) + " is required");
  SellerRecord rec{ctx.state.new_id(), *name, "ACTIVE", ctx.request.body, ctx.now, ctx.now};
  records.push_back(rec);
  ctx.writes.push_back({std::string(target_kind) + ":" + rec.id, true});
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field(id_key, rec.id).end_object();
  return success(data);
}

// Search over seller-level records by an optional keyword in the body; page_size 1-100.
ApiResponse search_records(HandlerContext& ctx, std::vector<SellerRecord>& records,
                           std::string_view array_key, std::string_view id_key) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const std::string keyword = body.string_field("keyword").value_or("");
  return run_search(
      ctx, records, PageLimits{1, 100, 20}, keyword,
      [&](const SellerRecord& r) {
        return r.status != "DELETED" &&
               (keyword.empty() || r.name.find(keyword) != std::string::npos);
      },
      [](const SellerRecord& a, const SellerRecord& b) { return a.create_time < b.create_time; },
      array_key,
      [&](jsonw::Writer& w, const SellerRecord& r) {
        w.begin_object().field(id_key, r.id).field("name", r.name).field("status", r.status);
        w.field("create_time", r.create_time).end_object();
      });
}

SellerRecord* find_record(std::vector<SellerRecord>& records, const std::string& id) {
  for (auto& r : records)
    if (r.id == id && r.status != "DELETED") return &r;
  return nullptr;
}

// Partial edit of a compliance party: a new name (when sent) and the body kept.
ApiResponse edit_record(HandlerContext& ctx, std::vector<SellerRecord>& records,
                        std::string_view target_kind) {
  SellerRecord* rec = find_record(records, ctx.path_params[0]);
  if (!rec) return failure(404, codes::kResourceNotFound, "No such record: " + ctx.path_params[0]);
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto name = body.string_field("name");
  const bool changed = name && *name != rec->name;
  if (changed) {
    rec->name = *name;
    rec->update_time = ctx.now;
  }
  ctx.writes.push_back({std::string(target_kind) + ":" + rec->id, changed});
  return success("{}");
}

}  // namespace

ApiResponse handle_categories(HandlerContext& ctx) {
  (void)ctx;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("categories").begin_array();
  for (const auto& c : kCategories) {
    w.begin_object().field("id", c.id).field("parent_id", c.parent_id);
    w.field("local_name", c.name).field("is_leaf", c.leaf);
    w.key("permission_statuses").begin_array().value("AVAILABLE").end_array().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_category_attributes(HandlerContext& ctx) {
  if (!known_category(ctx.path_params[0]))
    return failure(404, codes::kResourceNotFound, "Category does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("attributes").begin_array();
  w.begin_object()
      .field("id", "100198")
      .field("name", "Material")
      .field("type", "PRODUCT_PROPERTY");
  w.field("is_requried", false).key("values").begin_array();
  w.begin_object().field("id", "1000058").field("name", "Ceramic").end_object();
  w.end_array().end_object();
  w.begin_object().field("id", "100000").field("name", "Color").field("type", "SALES_PROPERTY");
  w.field("is_requried", false).key("values").begin_array().end_array().end_object();
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_category_rules(HandlerContext& ctx) {
  if (!known_category(ctx.path_params[0]))
    return failure(404, codes::kResourceNotFound, "Category does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("product_certifications").begin_array().end_array();
  w.key("size_chart").begin_object().field("is_supported", true).field("is_required", false);
  w.end_object().field("is_cod_allowed", false);
  w.key("package_dimension").begin_object().field("is_required", true).end_object();
  w.end_object();
  return success(data);
}

ApiResponse handle_category_recommend(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto title = body.string_field("product_title");
  if (!title || title->empty())
    return failure(400, codes::kInvalidParameter, "product_title is required");
  // Picks the leaf whose name shares a word with the title; mugs otherwise.
  const Category* pick = &kCategories[2];
  for (const auto& c : kCategories)
    if (c.leaf && title->find(std::string(c.name).substr(0, 4)) != std::string::npos) pick = &c;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("leaf_category_id", pick->id).key("categories").begin_array();
  w.begin_object().field("id", pick->id).field("name", pick->name).field("is_leaf", true);
  w.field("level", 3).end_object().end_array().end_object();
  return success(data);
}

ApiResponse handle_brands(HandlerContext& ctx) {
  std::vector<SellerRecord> brands = {
      {"7082427311584347905", "Sandbox Originals", "AVAILABLE", "", 0, 0},
      {"7082427311584347906", "Tiny Things", "AVAILABLE", "", 0, 0}};
  for (const auto& b : ctx.state.custom_brands) brands.push_back(b);
  const std::string* name = ctx.request.query_value("brand_name");
  const std::string filter = name ? *name : "";
  return run_search(
      ctx, brands, PageLimits{1, 100, 0}, filter,
      [&](const SellerRecord& b) {
        return filter.empty() || b.name.find(filter) != std::string::npos;
      },
      [](const SellerRecord& a, const SellerRecord& b) { return a.id < b.id; }, "brands",
      [](jsonw::Writer& w, const SellerRecord& b) {
        w.begin_object().field("id", b.id).field("name", b.name);
        w.field("authorized_status", "AUTHORIZED").field("brand_status", b.status);
        w.field("is_T1_brand", false).end_object();
      });
}

ApiResponse handle_brand_create(HandlerContext& ctx) {
  return create_record(ctx, ctx.state.custom_brands, "name", "id", "brand");
}

ApiResponse handle_listing_prerequisites(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("check_results").begin_array();
  for (std::string_view item : {"SHOP_STATUS", "WAREHOUSE", "RETURN_WAREHOUSE", "LOGISTICS"}) {
    const bool ok = item != "WAREHOUSE" || !ctx.shop->warehouses.empty();
    w.begin_object().field("check_item", item).field("is_failed", !ok);
    w.key("fail_reasons").begin_array().end_array().end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_brands_recommend(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto title = body.string_field("product_title");
  if (!title || title->empty())
    return failure(400, codes::kInvalidParameter, "product_title is required");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("brands").begin_array();
  w.begin_object().field("id", "7082427311584347905").field("name", "Sandbox Originals");
  w.end_object().end_array().end_object();
  return success(data);
}

ApiResponse handle_listing_schemas(HandlerContext& ctx) {
  const std::string* ids = ctx.request.query_value("category_ids");
  if (!ids || ids->empty())
    return failure(400, codes::kInvalidParameter, "category_ids is required");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("listing_schemas").begin_array();
  for (const std::string& id : split_comma_list(*ids)) {
    if (!known_category(id)) continue;
    w.begin_object().field("category_id", id).key("required_fields").begin_array();
    w.value("title").value("description").value("main_images").value("skus").end_array();
    w.end_object();
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_size_chart_identify(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  if (!body.string_field("image_uri"))
    return failure(400, codes::kInvalidParameter, "image_uri is required");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("is_size_chart", false).end_object();
  return success(data);
}

ApiResponse handle_manufacturer_partial_edit(HandlerContext& ctx) {
  return edit_record(ctx, ctx.state.manufacturers, "manufacturer");
}

ApiResponse handle_responsible_person_partial_edit(HandlerContext& ctx) {
  return edit_record(ctx, ctx.state.responsible_persons, "responsible_person");
}

ApiResponse handle_global_product_create(HandlerContext& ctx) {
  return create_record(ctx, ctx.state.global_products, "title", "global_product_id",
                       "global_product");
}

ApiResponse handle_global_products_search(HandlerContext& ctx) {
  return search_records(ctx, ctx.state.global_products, "global_products", "id");
}

ApiResponse handle_global_product_get(HandlerContext& ctx) {
  const SellerRecord* p = find_record(ctx.state.global_products, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Global product does not exist");
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("id", p->id).field("title", p->name).field("status", p->status);
  w.field("create_time", p->create_time).field("update_time", p->update_time).end_object();
  return success(data);
}

ApiResponse handle_global_product_update(HandlerContext& ctx) {
  SellerRecord* p = find_record(ctx.state.global_products, ctx.path_params[0]);
  if (!p) return failure(404, codes::kResourceNotFound, "Global product does not exist");
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const auto title = body.string_field("title");
  const bool changed = ctx.request.body != p->body_json;
  if (title) p->name = *title;
  p->body_json = ctx.request.body;
  if (changed) p->update_time = ctx.now;
  ctx.writes.push_back({"global_product:" + p->id, changed});
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("global_product_id", p->id).end_object();
  return success(data);
}

ApiResponse handle_global_products_delete(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  std::vector<std::string> ids;
  if (auto error = body.required_strings("global_product_ids", &ids)) return *error;
  ItemErrors errors("global_product_id");
  for (const auto& id : ids) {
    SellerRecord* p = find_record(ctx.state.global_products, id);
    if (!p) {
      errors.add(codes::kResourceNotFound, "Global product does not exist", id);
      continue;
    }
    p->status = "DELETED";
    p->update_time = ctx.now;
    ctx.writes.push_back({"global_product:" + id, true});
  }
  return errors.answer();
}

// Publishing lists the global product in each authorized shop of the regions asked for
// (publish_target[].region), as a local product the shop's reads then show.
ApiResponse handle_global_product_publish(HandlerContext& ctx) {
  SellerRecord* g = find_record(ctx.state.global_products, ctx.path_params[0]);
  if (!g) return failure(404, codes::kResourceNotFound, "Global product does not exist");
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  simdjson::dom::array targets;
  if (auto error = body.required_array("publish_target", &targets)) return *error;
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("products").begin_array();
  for (auto t : targets) {
    const std::string region = string_of(t, "region").value_or("");
    for (auto& listed : ctx.state.shops) {
      if (!sellers_shop(listed, *ctx.grant) || listed.info.region != region) continue;
      ShopData& shop = ctx.state.with_records(listed);
      Product p;
      p.id = ctx.state.new_id();
      p.title = g->name;
      p.status = "ACTIVATE";
      p.category_id = "600001";
      p.create_time = p.update_time = ctx.now;
      shop.product_index[p.id] = shop.products.size();
      shop.products.push_back(p);
      w.begin_object().field("id", p.id).field("region", region);
      w.field("shop_id", shop.info.id).end_object();
      ctx.writes.push_back({"global_publish:" + g->id + ":" + region, true});
    }
  }
  w.end_array().end_object();
  return success(data);
}

ApiResponse handle_global_inventory_update(HandlerContext& ctx) {
  const SellerRecord* g = find_record(ctx.state.global_products, ctx.path_params[0]);
  if (!g) return failure(404, codes::kResourceNotFound, "Global product does not exist");
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  if (!body.array_field("skus")) return failure(400, codes::kInvalidParameter, "skus is required");
  ctx.writes.push_back({"global_inventory:" + g->id, true});
  return success("{}");
}

ApiResponse handle_manufacturer_create(HandlerContext& ctx) {
  return create_record(ctx, ctx.state.manufacturers, "name", "manufacturer_id", "manufacturer");
}

ApiResponse handle_manufacturers_search(HandlerContext& ctx) {
  return search_records(ctx, ctx.state.manufacturers, "manufacturers", "id");
}

ApiResponse handle_responsible_person_create(HandlerContext& ctx) {
  return create_record(ctx, ctx.state.responsible_persons, "name", "responsible_person_id",
                       "responsible_person");
}

ApiResponse handle_responsible_persons_search(HandlerContext& ctx) {
  return search_records(ctx, ctx.state.responsible_persons, "responsible_persons", "id");
}

}  // namespace sandbox
