#include "webhook_verifier.hpp"

#include <openssl/crypto.h>

#include <array>

#include "code_names.hpp"
#include "json_input.hpp"
#include "kv_lookup.hpp"

namespace tts {
namespace {

bool signature_matches(const Connection& connection, std::string_view header_value,
                       std::string_view body) {
  const std::string_view received = trim_spaces(header_value);
  if (received.size() != 64) return false;
  char lowered[64];
  for (size_t i = 0; i < 64; ++i) lowered[i] = to_lower_ascii(received[i]);
  const std::array<std::string_view, 2> pieces = {connection.config().app_key, body};
  Sha256Digest digest{};
  if (!connection.app_secret_key().digest(pieces, digest)) return false;
  char expected[64];
  write_lower_hex(digest, expected);
  return CRYPTO_memcmp(lowered, expected, sizeof expected) == 0;
}

}  // namespace

std::string_view webhook_type_name(int64_t type) {
  static constexpr CodeName kWebhookTypes[] = {
      {1, "ORDER_STATUS_CHANGE"},
      {2, "REVERSE_STATUS_UPDATE"},
      {3, "RECIPIENT_ADDRESS_UPDATE"},
      {4, "PACKAGE_UPDATE"},
      {5, "PRODUCT_STATUS_CHANGE"},
      {6, "SELLER_DEAUTHORIZATION"},
      {7, "UPCOMING_AUTHORIZATION_EXPIRATION"},
      {11, "CANCELLATION_STATUS_CHANGE"},
      {12, "RETURN_STATUS_CHANGE"},
      {13, "NEW_CONVERSATION"},
      {14, "NEW_MESSAGE"},
      {15, "PRODUCT_INFORMATION_CHANGE"},
      {16, "PRODUCT_CREATION"},
      {18, "PRODUCT_CATEGORY_CHANGE"},
      {24, "FBT_INVENTORY_UPDATE"},
      {27, "INVENTORY_STATUS_CHANGE"},
      {36, "INVOICE_STATUS_CHANGE"},
      {37, "PRODUCT_AUDIT_STATUS_CHANGE"},
      // The 2026 inventory update topic; its number comes from a seller integration's catalog,
      // not a reference page (API_SOURCES.md "Webhook types").
      {68, "INVENTORY_CHANGED"}};
  return name_of_code(kWebhookTypes, type);
}

Result<WebhookEvent> verify_webhook(const Connection& connection, const cnx_kv* headers,
                                    size_t header_count, std::string_view body) {
  const cnx_str* signature = find_header(headers, header_count, "authorization");
  if (signature == nullptr || signature->len == 0) {
    return fail(CNX_STATUS_INVALID_INPUT, "The webhook carries no Authorization signature.");
  }
  if (!signature_matches(connection, view(*signature), body)) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "The webhook signature does not match (HMAC-SHA256 of app key + raw body).");
  }
  const ScratchLease scratch;
  const simdjson::padded_string_view padded = scratch->padded_copy(body);
  simdjson::dom::object envelope;
  simdjson::dom::element type_element;
  int64_t type = 0;
  if (scratch->dom.parse(padded.data(), body.size(), false).get_object().get(envelope) !=
          simdjson::SUCCESS ||
      envelope.at_key("type").get(type_element) != simdjson::SUCCESS ||
      !read_int64(type_element, type)) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "The webhook body is not a JSON object with a numeric \"type\".");
  }
  WebhookEvent event;
  std::string_view text;
  if (envelope.at_key("tts_notification_id").get_string().get(text) == simdjson::SUCCESS &&
      !text.empty()) {
    event.event_id = text;
  } else {
    const std::array<char, 64> hex = sha256_lower_hex(body);
    event.event_id.assign(hex.data(), hex.size());
  }
  const std::string_view name = webhook_type_name(type);
  event.event_type = name.empty() ? "TYPE_" + std::to_string(type) : std::string(name);
  simdjson::dom::element shop;
  int64_t shop_number = 0;
  if (envelope.at_key("shop_id").get(shop) == simdjson::SUCCESS) {
    if (shop.get_string().get(text) == simdjson::SUCCESS) {
      event.account_id = text;
    } else if (read_int64(shop, shop_number)) {
      event.account_id = std::to_string(shop_number);
    }
  }
  simdjson::dom::element timestamp;
  if (envelope.at_key("timestamp").get(timestamp) == simdjson::SUCCESS) {
    read_int64(timestamp, event.occurred_at);
  }
  if (type == 6) event.effect = CNX_WEBHOOK_EFFECT_DEAUTHORIZED;
  if (type == 7) event.effect = CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING;
  return event;
}

}  // namespace tts
