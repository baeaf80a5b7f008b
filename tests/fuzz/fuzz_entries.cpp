#include "fuzz_entries.hpp"

#include <connector_abi/connector_abi.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "hmac_sha256.hpp"

namespace tts::fuzz {
namespace {

constexpr std::string_view kConfig =
    R"({"name":"fuzz","oauth_client":{"service_region":"us","client_id":"fk",)"
    R"("client_secret":"fs","service_id":"sv"},"app_key":"fk","app_secret":"fs"})";

const cnx_connector_api& Api() {
  static const cnx_connector_api* api = cnx_connector_get_api(CNX_ABI_MAJOR);
  if (api == nullptr) std::abort();
  return *api;
}

const cnx_connection* Connection() {
  static cnx_connection* connection = [] {
    cnx_connection* opened = nullptr;
    if (Api().connection_open(nullptr, {kConfig.data(), kConfig.size()}, &opened, nullptr) !=
        CNX_STATUS_OK) {
      std::abort();
    }
    return opened;
  }();
  return connection;
}

void Require(bool condition) {
  if (!condition) std::abort();
}

cnx_str Str(std::string_view s) { return cnx_str{s.data(), s.size()}; }

// Checks an error's promises: present for a failure, never echoing the secret.
void CheckError(cnx_status status, cnx_error* error) {
  Require(status == CNX_STATUS_OK || error != nullptr);
  if (error != nullptr) {
    Require(error->status == status);
    const std::string_view message(error->message.data, error->message.len);
    Require(message.find("fs\"") == std::string_view::npos);
  }
  Api().free_error(error);
}

}  // namespace

int FuzzConnectionConfig(const uint8_t* data, size_t size) {
  const cnx_str config{reinterpret_cast<const char*>(data), size};
  cnx_connection* connection = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = Api().connection_open(nullptr, config, &connection, &error);
  Require((status == CNX_STATUS_OK) == (connection != nullptr));
  if (connection != nullptr) {
    cnx_buffer* described = nullptr;
    Require(Api().connection_describe(connection, &described, nullptr) == CNX_STATUS_OK);
    Api().free_buffer(described);
  }
  Api().connection_close(connection);
  CheckError(status, error);
  return 0;
}

int FuzzTokenResponse(const uint8_t* data, size_t size) {
  const int32_t http_status = size > 0 ? 100 + data[0] * 2 : 200;
  const cnx_str body = size > 0 ? cnx_str{reinterpret_cast<const char*>(data + 1), size - 1}
                                : cnx_str{nullptr, 0};
  cnx_token_set* tokens = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status =
      Api().parse_token_response(Connection(), http_status, body, &tokens, &error);
  Require((status == CNX_STATUS_OK) == (tokens != nullptr));
  if (tokens != nullptr) {
    Require(tokens->access_token.len > 0 && tokens->refresh_token.len > 0);
    Require(tokens->scope_count == 0 || tokens->scopes != nullptr);
  }
  Api().free_token_set(tokens);
  CheckError(status, error);
  return 0;
}

int FuzzClassifyResponse(const uint8_t* data, size_t size) {
  static constexpr std::string_view kEndpoints[] = {
      "", "orders.search", "products.get", "products.inventory.update", "warehouses.list",
      "statements.list", "orders.tracking", "products.delete"};
  constexpr int32_t kStatuses[] = {200, 0, 429, 500, 503, 404, 400, 401};
  if (size < 1) return 0;
  const std::string_view endpoint = kEndpoints[data[0] & 7];
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  const cnx_kv headers[] = {{Str("Retry-After"), Str(std::string_view(body).substr(0, 4))}};
  cnx_response response{};
  response.struct_size = sizeof response;
  response.endpoint = Str(endpoint);
  response.http_status = kStatuses[(data[0] >> 3) & 7];
  response.headers = headers;
  response.header_count = (data[0] & 0x40) ? 1 : 0;
  response.body = Str(body);
  cnx_classification* result = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = Api().classify_response(Connection(), &response, &result, &error);
  Require(status == CNX_STATUS_OK && result != nullptr);
  for (size_t i = 0; i < result->record_count; ++i) {
    const cnx_record& record = result->records[i];
    Require(record.json.offset + record.json.len <= body.size() && record.json.len > 0);
    Require(record.key.offset + record.key.len <= body.size());
  }
  Require(result->verdict != CNX_STATUS_OK || response.http_status / 100 == 2);
  Api().free_classification(result);
  CheckError(status, error);
  return 0;
}

int FuzzCallbackQuery(const uint8_t* data, size_t size) {
  cnx_callback_result* result = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = Api().parse_callback(
      Connection(), {reinterpret_cast<const char*>(data), size}, &result, &error);
  Require((status == CNX_STATUS_OK) == (result != nullptr));
  if (result != nullptr) {
    Require(result->status == CNX_STATUS_OK ? result->code.len > 0 : result->error.len > 0);
  }
  Api().free_callback_result(result);
  CheckError(status, error);
  return 0;
}

int FuzzWebhook(const uint8_t* data, size_t size) {
  // First byte odd: sign the body correctly so the envelope reader runs on arbitrary bodies.
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string signature;
  if (data[0] & 1) {
    const auto key = HmacSha256Key::Create("fs");
    Require(key != nullptr);
    const std::string_view pieces[] = {"fk", body};
    Sha256Digest digest{};
    Require(key->Digest(pieces, digest));
    char hex[64];
    WriteLowerHex(digest, hex);
    signature.assign(hex, sizeof hex);
  } else {
    signature.assign(body.substr(0, 64));
  }
  const cnx_kv headers[] = {{Str("authorization"), Str(signature)}};
  cnx_webhook_event* event = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = Api().verify_webhook(Connection(), headers, 1, Str(body), &event,
                                                 &error);
  Require((status == CNX_STATUS_OK) == (event != nullptr));
  if (event != nullptr) Require(event->event_id.len > 0 && event->event_type.len > 0);
  Api().free_webhook_event(event);
  CheckError(status, error);
  return 0;
}

}  // namespace tts::fuzz
