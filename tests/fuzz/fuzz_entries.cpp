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

const cnx_connector_api& api() {
  static const cnx_connector_api* api = cnx_connector_get_api(CNX_ABI_MAJOR);
  if (api == nullptr) std::abort();
  return *api;
}

const cnx_connection* connection() {
  static cnx_connection* connection = [] {
    cnx_connection* opened = nullptr;
    if (api().connection_open(nullptr, {kConfig.data(), kConfig.size()}, &opened, nullptr) !=
        CNX_STATUS_OK) {
      std::abort();
    }
    return opened;
  }();
  return connection;
}

void require(bool condition) {
  if (!condition) std::abort();
}

cnx_str str(std::string_view s) { return cnx_str{s.data(), s.size()}; }

// Checks an error's promises: present for a failure, never echoing the secret.
void check_error(cnx_status status, cnx_error* error) {
  require(status == CNX_STATUS_OK || error != nullptr);
  if (error != nullptr) {
    require(error->status == status);
    const std::string_view message(error->message.data, error->message.len);
    require(message.find("fs\"") == std::string_view::npos);
  }
  api().free_error(error);
}

}  // namespace

int fuzz_connection_config(const uint8_t* data, size_t size) {
  const cnx_str config{reinterpret_cast<const char*>(data), size};
  cnx_connection* connection = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = api().connection_open(nullptr, config, &connection, &error);
  require((status == CNX_STATUS_OK) == (connection != nullptr));
  if (connection != nullptr) {
    cnx_buffer* described = nullptr;
    require(api().connection_describe(connection, &described, nullptr) == CNX_STATUS_OK);
    api().free_buffer(described);
  }
  api().connection_close(connection);
  check_error(status, error);
  return 0;
}

int fuzz_token_response(const uint8_t* data, size_t size) {
  const int32_t http_status = size > 0 ? 100 + data[0] * 2 : 200;
  const cnx_str body =
      size > 0 ? cnx_str{reinterpret_cast<const char*>(data + 1), size - 1} : cnx_str{nullptr, 0};
  cnx_token_set* tokens = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status =
      api().parse_token_response(connection(), http_status, body, &tokens, &error);
  require((status == CNX_STATUS_OK) == (tokens != nullptr));
  if (tokens != nullptr) {
    require(tokens->access_token.len > 0 && tokens->refresh_token.len > 0);
    require(tokens->scope_count == 0 || tokens->scopes != nullptr);
  }
  api().free_token_set(tokens);
  check_error(status, error);
  return 0;
}

int fuzz_classify_response(const uint8_t* data, size_t size) {
  static constexpr std::string_view kEndpoints[] = {"",
                                                    "orders.search",
                                                    "products.get",
                                                    "products.inventory.update",
                                                    "warehouses.list",
                                                    "statements.list",
                                                    "orders.tracking",
                                                    "products.delete"};
  constexpr int32_t kStatuses[] = {200, 0, 429, 500, 503, 404, 400, 401};
  if (size < 1) return 0;
  const std::string_view endpoint = kEndpoints[data[0] & 7];
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  const cnx_kv headers[] = {{str("Retry-After"), str(std::string_view(body).substr(0, 4))}};
  cnx_response response{};
  response.struct_size = sizeof response;
  response.endpoint = str(endpoint);
  response.http_status = kStatuses[(data[0] >> 3) & 7];
  response.headers = headers;
  response.header_count = (data[0] & 0x40) ? 1 : 0;
  response.body = str(body);
  cnx_classification* result = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = api().classify_response(connection(), &response, &result, &error);
  require(status == CNX_STATUS_OK && result != nullptr);
  for (size_t i = 0; i < result->record_count; ++i) {
    const cnx_record& record = result->records[i];
    require(record.json.offset + record.json.len <= body.size() && record.json.len > 0);
    require(record.key.offset + record.key.len <= body.size());
  }
  require(result->verdict != CNX_STATUS_OK || response.http_status / 100 == 2);
  api().free_classification(result);
  check_error(status, error);
  return 0;
}

int fuzz_callback_query(const uint8_t* data, size_t size) {
  cnx_callback_result* result = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status = api().parse_callback(
      connection(), {reinterpret_cast<const char*>(data), size}, &result, &error);
  require((status == CNX_STATUS_OK) == (result != nullptr));
  if (result != nullptr) {
    require(result->status == CNX_STATUS_OK ? result->code.len > 0 : result->error.len > 0);
  }
  api().free_callback_result(result);
  check_error(status, error);
  return 0;
}

int fuzz_webhook(const uint8_t* data, size_t size) {
  // First byte odd: sign the body correctly so the envelope reader runs on arbitrary bodies.
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string signature;
  if (data[0] & 1) {
    const auto key = HmacSha256Key::create("fs");
    require(key != nullptr);
    const std::string_view pieces[] = {"fk", body};
    Sha256Digest digest{};
    require(key->digest(pieces, digest));
    char hex[64];
    write_lower_hex(digest, hex);
    signature.assign(hex, sizeof hex);
  } else {
    signature.assign(body.substr(0, 64));
  }
  const cnx_kv headers[] = {{str("authorization"), str(signature)}};
  cnx_webhook_event* event = nullptr;
  cnx_error* error = nullptr;
  const cnx_status status =
      api().verify_webhook(connection(), headers, 1, str(body), &event, &error);
  require((status == CNX_STATUS_OK) == (event != nullptr));
  if (event != nullptr) require(event->event_id.len > 0 && event->event_type.len > 0);
  api().free_webhook_event(event);
  check_error(status, error);
  return 0;
}

}  // namespace tts::fuzz
