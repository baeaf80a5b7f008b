// webhook_handlers.cpp: webhook subscriptions per shop (GET lists, PUT upserts, DELETE removes).
// One address per (shop, event type), as TikTok keeps them; deliveries follow the subscription.
#include <algorithm>

#include <json_writer/json_writer.hpp>

#include "endpoint_handlers.hpp"
#include "json_body.hpp"

namespace sandbox {
namespace {

std::variant<std::string, ApiResponse> read_event_type(const JsonBody& body) {
  auto type = body.string_field("event_type");
  if (!type) return failure(400, codes::kInvalidParameter, "event_type is required");
  const auto topics = webhook_topics();
  if (std::none_of(topics.begin(), topics.end(),
                   [&](const WebhookTopic& t) { return t.event_type == *type; }))
    return failure(400, codes::kInvalidParameter, "Unknown event_type " + *type);
  return *type;
}

}  // namespace

ApiResponse handle_webhooks_get(HandlerContext& ctx) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("webhooks").begin_array();
  for (const auto& [type, sub] : ctx.shop->webhooks) {
    w.begin_object().field("event_type", type).field("address", sub.address);
    w.field("create_time", sub.create_time).field("update_time", sub.update_time).end_object();
  }
  w.end_array().field("total_count", static_cast<std::int64_t>(ctx.shop->webhooks.size()));
  w.end_object();
  return success(data);
}

ApiResponse handle_webhooks_put(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  auto type = read_event_type(body);
  if (auto* error = std::get_if<ApiResponse>(&type)) return std::move(*error);
  const auto address = body.string_field("address");
  if (!address || !(address->starts_with("https://") || address->starts_with("http://")))
    return failure(400, codes::kInvalidParameter, "address must be an http(s) URL");
  auto& sub = ctx.shop->webhooks[std::get<std::string>(type)];
  // Subscribing the address already subscribed changes nothing (update_time stays).
  const bool changed = sub.create_time == 0 || sub.address != *address;
  if (sub.create_time == 0) sub.create_time = ctx.now;
  if (changed) sub.update_time = ctx.now;
  sub.address = *address;
  ctx.writes.push_back({"webhook:" + std::get<std::string>(type), changed});
  return success("{}");
}

ApiResponse handle_webhooks_delete(HandlerContext& ctx) {
  JsonBody body;
  if (auto error = read_json_body(ctx.request, &body)) return *error;
  auto type = read_event_type(body);
  if (auto* error = std::get_if<ApiResponse>(&type)) return std::move(*error);
  if (ctx.shop->webhooks.erase(std::get<std::string>(type)) == 0)
    return failure(404, codes::kResourceNotFound, "No subscription for that event_type");
  ctx.writes.push_back({"webhook:" + std::get<std::string>(type), true});
  return success("{}");
}

}  // namespace sandbox
