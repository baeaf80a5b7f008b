// products_handlers.cpp: product search, detail, create, update, partial edit, delete, images.
#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "endpoint_handlers.hpp"
#include "item_errors.hpp"
#include "record_json.hpp"
#include "search_execution.hpp"
#include "sku_input.hpp"

namespace sandbox {
namespace {

constexpr std::size_t kMaxDeleteIds = 20;

ApiResponse product_not_found(const std::string& id) {
  return failure(404, codes::kResourceNotFound, "Product " + id + " does not exist");
}

// {"product_id":..., "skus":[{"id","seller_sku"}]}: what create/update/edit answer.
ApiResponse product_write_answer(const Product& p) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("product_id", p.id).key("skus").begin_array();
  for (const auto& s : p.skus)
    w.begin_object().field("id", s.id).field("seller_sku", s.seller_sku).end_object();
  w.end_array().end_object();
  return success(data);
}

// Reads the full product document of create/update. `existing` (update) lets skus keep ids.
std::optional<ApiResponse> read_product_document(HandlerContext& ctx, const JsonBody& body,
                                                 const Product* existing, Product* out) {
  const auto title = body.string_field("title");
  const auto skus = body.array_field("skus");
  if (!title || title->empty()) return failure(400, codes::kInvalidParameter, "title is required");
  if (!skus || skus->size() == 0) return failure(400, codes::kInvalidParameter, "skus is required");
  std::vector<SkuInput> inputs;
  if (auto problem = read_sku_inputs(*skus, *ctx.shop, &inputs))
    return failure(400, codes::kInvalidParameter, *problem);
  out->title = *title;
  out->description = body.string_field("description").value_or("");
  out->category_id = body.string_field("category_id").value_or("600001");
  const std::string save_mode = body.string_field("save_mode").value_or("LISTING");
  out->status = save_mode == "AS_DRAFT" ? "DRAFT" : "ACTIVATE";
  out->skus.clear();
  for (const auto& in : inputs) {
    Sku sku;
    const Sku* old = nullptr;
    if (existing && in.id) {
      for (const auto& s : existing->skus)
        if (s.id == *in.id) old = &s;
      if (!old) return failure(400, codes::kInvalidParameter, "Unknown sku id " + *in.id);
    }
    if (old)
      sku = *old;
    else
      sku.id = ctx.state.new_id();
    if (sku.currency.empty()) sku.currency = ctx.shop->currency;
    apply_sku_input(in, &sku);
    if (sku.price.empty())
      return failure(400, codes::kInvalidParameter, "skus[].price is required");
    out->skus.push_back(std::move(sku));
  }
  return std::nullopt;
}

// The TikTok changed_fields names of what an edit changed ("others" for skus and the rest).
std::vector<std::string> changed_fields(const Product& before, const Product& after,
                                        bool skus_sent) {
  std::vector<std::string> fields;
  if (before.title != after.title) fields.emplace_back("title");
  if (before.description != after.description) fields.emplace_back("description");
  if (skus_sent || before.category_id != after.category_id) fields.emplace_back("others");
  return fields;
}

// PRODUCT_INFORMATION_CHANGE for a live product whose properties changed.
void raise_information_change(HandlerContext& ctx, const Product& before, const Product& after,
                              bool skus_sent) {
  auto fields = changed_fields(before, after, skus_sent);
  if (after.status == "ACTIVATE" && !fields.empty())
    ctx.events.push_back(product_information_event(after, fields));
}

}  // namespace

ApiResponse handle_products_search(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  const std::string status = body.string_field("status").value_or("ALL");
  const TimeRange updated = body_range(body, "update_time");
  const TimeRange created = body_range(body, "create_time");
  const std::string identity = status + "|" + updated.describe() + "|" + created.describe();
  return run_search(
      ctx, ctx.shop->products, PageLimits{1, 100, 0}, identity,
      [&](const Product& p) {
        const bool status_ok = status == "ALL" ? p.status != "DELETED" : p.status == status;
        return status_ok && updated.contains(p.update_time) && created.contains(p.create_time);
      },
      by_time_then_id(&Product::update_time, /*descending=*/true), "products",
      [&](jsonw::Writer& w, const Product& p) { write_product(w, p, false, ctx.version); },
      static_cast<std::size_t>(ctx.state.options.product_search_cap));
}

ApiResponse handle_product_get(HandlerContext& ctx) {
  const Product* p = ctx.shop->find_product(ctx.path_params[0]);
  if (!p || p->status == "DELETED") return product_not_found(ctx.path_params[0]);
  std::string data;
  jsonw::Writer w(data);
  write_product(w, *p, true);
  return success(data);
}

ApiResponse handle_product_create(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  // Create Product's body idempotency_key: a retry with the same key answers with the product
  // the first attempt created and creates nothing.
  const auto key = body.string_field("idempotency_key");
  if (key) {
    if (key->empty() || key->size() > 255)
      return failure(400, codes::kInvalidParameter, "idempotency_key must be 1-255 characters");
    auto seen = ctx.shop->create_product_keys.find(*key);
    if (seen != ctx.shop->create_product_keys.end()) {
      if (const Product* earlier = ctx.shop->find_product(seen->second))
        return product_write_answer(*earlier);
    }
  }
  Product p;
  if (auto error = read_product_document(ctx, body, nullptr, &p)) return std::move(*error);
  p.id = ctx.state.new_id();
  if (key) ctx.shop->create_product_keys[*key] = p.id;
  p.create_time = p.update_time = ctx.now;
  ctx.shop->product_index[p.id] = ctx.shop->products.size();
  ctx.shop->products.push_back(std::move(p));
  const Product& stored = ctx.shop->products.back();
  ctx.writes.push_back({"product:" + stored.id, true});
  // The sandbox's audit passes at once: a listed product is live when created.
  ctx.events.push_back(product_creation_event(stored));
  if (stored.status == "ACTIVATE")
    ctx.events.push_back(product_status_event(stored, "PRODUCT_FIRST_PASS_REVIEW"));
  return product_write_answer(stored);
}

ApiResponse handle_product_update(HandlerContext& ctx) {
  Product* existing = ctx.shop->find_product(ctx.path_params[0]);
  if (!existing || existing->status == "DELETED") return product_not_found(ctx.path_params[0]);
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  Product updated = *existing;
  if (auto error = read_product_document(ctx, body, existing, &updated)) return std::move(*error);
  // A document equal to the stored one is applied without changing anything (no new
  // update_time, no webhook): the same PUT sent twice is one change.
  const bool changed = !(updated == *existing);
  ctx.writes.push_back({"product:" + existing->id, changed});
  if (changed) {
    updated.update_time = ctx.now;
    raise_information_change(ctx, *existing, updated, true);
    *existing = std::move(updated);
  }
  return product_write_answer(*existing);
}

ApiResponse handle_product_partial_edit(HandlerContext& ctx) {
  Product* p = ctx.shop->find_product(ctx.path_params[0]);
  if (!p || p->status == "DELETED") return product_not_found(ctx.path_params[0]);
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  std::vector<SkuInput> inputs;
  if (auto skus = body.array_field("skus")) {
    if (auto problem = read_sku_inputs(*skus, *ctx.shop, &inputs))
      return failure(400, codes::kInvalidParameter, *problem);
  }
  // Validate every sku id before changing anything: a partial edit applies whole or not at all.
  std::vector<Sku*> targets;
  for (const auto& in : inputs) {
    Sku* target = nullptr;
    for (auto& s : p->skus)
      if (in.id && s.id == *in.id) target = &s;
    if (!target)
      return failure(400, codes::kInvalidParameter, "partial_edit skus[] need known ids");
    targets.push_back(target);
  }
  const Product before = *p;
  if (auto title = body.string_field("title")) p->title = *title;
  if (auto description = body.string_field("description")) p->description = *description;
  for (size_t i = 0; i < inputs.size(); ++i) apply_sku_input(inputs[i], targets[i]);
  // Setting what is already there changes nothing: no new update_time, no webhook.
  const bool changed = !(*p == before);
  ctx.writes.push_back({"product:" + p->id, changed});
  if (changed) {
    p->update_time = ctx.now;
    raise_information_change(ctx, before, *p, !inputs.empty());
  }
  return product_write_answer(*p);
}

namespace {

using ProductItemFn =
    std::function<std::optional<ItemFailure>(const std::string& product_id, Product* product)>;

// A bulk product call (delete, activate, deactivate, recover) over the body's "product_ids":
// TikTok's answer when they are missing, empty or over the per-request limit; else `apply`
// handles each (the product is null when the shop has none of that id) and says why it failed,
// if it did, and the answer lists the failures in data.errors[] (TikTok's partial-success shape).
ApiResponse for_each_product(HandlerContext& ctx, const ProductItemFn& apply) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  std::vector<std::string> ids;
  if (auto error = body.required_strings("product_ids", &ids)) return *error;
  if (ids.size() > kMaxDeleteIds)
    return failure(400, codes::kInvalidParameter, "At most 20 product_ids per request");
  ItemErrors errors("product_id");
  for (const auto& id : ids) {
    if (auto failed = apply(id, ctx.shop->find_product(id)))
      errors.add(failed->code, failed->message, id);
  }
  return errors.answer();
}

}  // namespace

ApiResponse handle_products_delete(HandlerContext& ctx) {
  return for_each_product(
      ctx, [&](const std::string& id, Product* p) -> std::optional<ItemFailure> {
        if (!p || p->status == "DELETED")
          return ItemFailure{codes::kResourceNotFound, "Product does not exist"};
        p->status = "DELETED";
        p->update_time = ctx.now;
        ctx.writes.push_back({"product:" + id, true});
        ctx.events.push_back(product_status_event(*p, "PRODUCT_STATUS_CHANGED"));
        return std::nullopt;
      });
}

namespace {

// Activate / deactivate / recover: body {"product_ids":[...]}, per-product failures in
// data.errors[] (TikTok's partial-success shape). A product moves only from `from_states`.
ApiResponse change_product_status(HandlerContext& ctx, std::string_view target_kind,
                                  std::initializer_list<std::string_view> from_states,
                                  std::string_view to_state) {
  return for_each_product(
      ctx, [&](const std::string& id, Product* p) -> std::optional<ItemFailure> {
        if (!p) return ItemFailure{codes::kResourceNotFound, "Product does not exist"};
        const bool movable =
            std::find(from_states.begin(), from_states.end(), p->status) != from_states.end();
        if (!movable && p->status != to_state)
          return ItemFailure{codes::kInvalidState, "The product is " + p->status};
        const bool changed = p->status != to_state;
        ctx.writes.push_back({std::string(target_kind) + ":" + id, changed});
        if (!changed) return std::nullopt;  // already there: nothing changes, no webhook
        p->status = std::string(to_state);
        p->update_time = ctx.now;
        ctx.events.push_back(product_status_event(*p, "PRODUCT_STATUS_CHANGED"));
        return std::nullopt;
      });
}

}  // namespace

ApiResponse handle_products_activate(HandlerContext& ctx) {
  return change_product_status(ctx, "product_activate", {"SELLER_DEACTIVATED", "DRAFT"},
                               "ACTIVATE");
}

ApiResponse handle_products_deactivate(HandlerContext& ctx) {
  return change_product_status(ctx, "product_deactivate", {"ACTIVATE"}, "SELLER_DEACTIVATED");
}

ApiResponse handle_products_recover(HandlerContext& ctx) {
  // A recovered product comes back deactivated, for the seller to review before listing.
  return change_product_status(ctx, "product_recover", {"DELETED"}, "SELLER_DEACTIVATED");
}

ApiResponse handle_file_upload(HandlerContext& ctx) {
  if (ctx.request.body.empty())
    return failure(400, codes::kInvalidParameter, "data (the file) is required");
  const std::string id = ctx.state.new_id();
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("id", id).field("url", "https://sf16-sandbox.invalid/files/" + id);
  w.field("name", "uploaded_file.pdf").field("format", "PDF").end_object();
  return success(data);
}

ApiResponse handle_image_upload(HandlerContext& ctx) {
  if (ctx.request.body.empty())
    return failure(400, codes::kInvalidParameter, "data (the image file) is required");
  const std::string uri = "tos-maliva-i-sandbox/" + ctx.state.new_id();
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().field("uri", uri).field("url", "https://p16-sandbox.invalid/" + uri);
  w.field("width", 800).field("height", 800).field("use_case", "MAIN_IMAGE").end_object();
  return success(data);
}

}  // namespace sandbox
