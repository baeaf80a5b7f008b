// webhook_verifier.hpp: authenticating TikTok Shop webhook deliveries and reading their envelope.
//
// Signature: header Authorization = lowercase hex HMAC-SHA256(app secret, app_key + raw body).
// The header's value is trimmed of spaces and compared, ASCII-lowercased, against our lowercase
// digest with CRYPTO_memcmp (constant time). Lowercasing the received value accepts an uppercase
// rendering of the right digest; TikTok sends lowercase, and case carries no secret, so this
// costs nothing in security while sparing proxies that re-case headers.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "connection.hpp"
#include "result.hpp"

namespace tts {

struct WebhookEvent {
  std::string event_id;  // tts_notification_id, else the SHA-256 hex of the raw body
  std::string
      event_type;  // e.g. ORDER_STATUS_CHANGE; "TYPE_<n>" for types this build does not know
  std::string account_id;  // shop_id
  int64_t occurred_at = 0;
  cnx_webhook_effect effect = CNX_WEBHOOK_EFFECT_NONE;
};

// Verifies the signature over `body` exactly as received, then reads the envelope.
// ERRORS: INVALID_INPUT for a missing or wrong signature, or a body that is not a JSON object
// with a numeric "type". THREADING: any thread.
Result<WebhookEvent> verify_webhook(const Connection& connection, const cnx_kv* headers,
                                    size_t header_count, std::string_view body);

// The stable name of a webhook type number, or empty when unknown.
std::string_view webhook_type_name(int64_t type);

}  // namespace tts
