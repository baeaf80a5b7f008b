// webhook_admin.cpp: listing deliveries and raising events on request.
#include "webhook_admin.hpp"

#include <json_writer/json_writer.hpp>

#include "json_body.hpp"

namespace sandbox {
namespace {

constexpr std::string_view kPrefix = "/__sandbox/webhooks";
// TikTok sends the authorization-expiring notice 30 days before the authorization ends.
constexpr std::int64_t kExpiryNoticeSeconds = std::int64_t{30} * 24 * 3600;

std::string deliveries_json(const std::vector<WebhookDeliveryInfo>& deliveries) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().key("deliveries").begin_array();
  for (const auto& d : deliveries) {
    w.begin_object().field("tts_notification_id", d.notification_id).field("type", d.type);
    w.field("shop_id", d.shop_id).field("address", d.address).field("attempts", d.attempts);
    w.field("finished_attempts", d.finished_attempts);
    w.field("state", d.state).field("last_result", d.last_result).end_object();
  }
  w.end_array().end_object();
  return out;
}

ApiResponse ids_answer(const std::vector<std::string>& ids) {
  std::string data;
  jsonw::Writer w(data);
  w.begin_object().key("notification_ids").begin_array();
  for (const auto& id : ids) w.value(id);
  w.end_array().end_object();
  return success(data);
}

// Builds the event `action` asks for from the request body; an error answer instead when the
// body is wrong.
std::variant<WebhookEvent, ApiResponse> event_for(std::string_view action, const JsonBody& body,
                                                  const ShopData& shop, std::int64_t now) {
  if (action == "/deauthorize") return seller_deauthorization_event(shop.info.id);
  if (action == "/authorization_expiring") {
    const std::int64_t expires = body.int_field("expire_time").value_or(now + kExpiryNoticeSeconds);
    return authorization_expiration_event(shop.info.id, expires, now);
  }
  const auto type = body.int_field("type");
  if (!type || !topic_name(static_cast<int>(*type)))
    return failure(400, codes::kInvalidParameter, "type must be a known webhook type number");
  simdjson::dom::object data;
  if (body.root()["data"].get_object().get(data) != simdjson::SUCCESS)
    return failure(400, codes::kInvalidParameter, "data must be a JSON object");
  return WebhookEvent{static_cast<int>(*type), simdjson::minify(data)};
}

}  // namespace

std::optional<ApiResponse> handle_webhook_admin(const ApiRequest& request, SandboxState& state,
                                                WebhookDispatcher& dispatcher) {
  if (!request.path.starts_with(kPrefix)) return std::nullopt;
  const std::string_view action = std::string_view(request.path).substr(kPrefix.size());
  if (action.empty()) {
    if (request.method != "GET") return failure(405, codes::kWrongMethod, "Method not allowed");
    ApiResponse r;
    r.body = deliveries_json(dispatcher.deliveries());
    return r;
  }
  if (action != "/emit" && action != "/deauthorize" && action != "/authorization_expiring")
    return failure(404, codes::kUnknownPath, "Invalid path");
  if (request.method != "POST") return failure(405, codes::kWrongMethod, "Method not allowed");
  auto parsed = JsonBody::parse(request.body);
  if (auto* error = std::get_if<ApiResponse>(&parsed)) return std::move(*error);
  const JsonBody& body = std::get<JsonBody>(parsed);
  const auto shop_id = body.string_field("shop_id");
  if (!shop_id) return failure(400, codes::kInvalidParameter, "shop_id is required");

  std::lock_guard lock(state.mutex);
  const ShopData* shop = state.shop_by_id(*shop_id);
  if (!shop) return failure(404, codes::kResourceNotFound, "No shop " + *shop_id);
  const std::int64_t now = state.now();
  auto event = event_for(action, body, *shop, now);
  if (auto* error = std::get_if<ApiResponse>(&event)) return std::move(*error);
  return ids_answer(publish_events(*shop, {std::get<WebhookEvent>(event)}, now, dispatcher));
}

}  // namespace sandbox
