/*
 * c_driver.c: a C host in miniature. It loads the real connector (the path is its one argument)
 * with dlopen, takes the table from the one exported entry, and drives every function of it
 * through a sandbox-style connection, releasing every output with its own free function.
 * Built as C99 with -pedantic -Werror, so it also proves that a C host needs nothing but the
 * header. The first failed step ends the program with exit code 1 and the step's name.
 *
 * The expected values are public vectors (shared/docs/tiktok-shop-api.md): TikTok's worked
 * signing example and EcomPHP's webhook example.
 */
#define _POSIX_C_SOURCE 200809L

#include <connector_abi/connector_abi.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sized_struct.h"

static const char* current_step = "start";

static void step(const char* name) { current_step = name; }

static void fail(const char* what) {
  fprintf(stderr, "c_driver: step '%s' failed: %s\n", current_step, what);
  exit(1);
}

#define REQUIRE(cond)         \
  do {                        \
    if (!(cond)) fail(#cond); \
  } while (0)

static cnx_str str_of(const char* s) {
  cnx_str out;
  out.data = s;
  out.len = strlen(s);
  return out;
}

static int str_equals(cnx_str s, const char* text) {
  const size_t len = strlen(text);
  return s.len == len && (len == 0 || memcmp(s.data, text, len) == 0);
}

static int str_contains(cnx_str s, const char* needle) {
  const size_t len = strlen(needle);
  size_t i;
  if (len > s.len) return 0;
  for (i = 0; i + len <= s.len; ++i) {
    if (memcmp(s.data + i, needle, len) == 0) return 1;
  }
  return 0;
}

static int str_starts_with(cnx_str s, const char* prefix) {
  const size_t len = strlen(prefix);
  return s.len >= len && memcmp(s.data, prefix, len) == 0;
}

static cnx_str span_text(cnx_str body, cnx_span span) {
  cnx_str out;
  if (span.offset > body.len || span.len > body.len - span.offset) fail("span outside the body");
  out.data = body.data + span.offset;
  out.len = span.len;
  return out;
}

static const cnx_str* find_header(const cnx_kv* headers, size_t count, const char* name) {
  size_t i;
  for (i = 0; i < count; ++i) {
    if (str_equals(headers[i].key, name)) return &headers[i].value;
  }
  return NULL;
}

/* Log lines go to stderr, so that a failing run shows what the plugin said. */
static void log_line(void* context, cnx_log_level level, const char* message, size_t len) {
  (void)context;
  fprintf(stderr, "c_driver: plugin log (level %d): %.*s\n", (int)level, (int)len, message);
}

/* TikTok's worked example signs at this second; the host clock says the same. */
static int64_t fixed_clock_ms(void* context) {
  (void)context;
  return 1623812664000LL;
}

/* A config as a developer writes it for a local sandbox: plain http on loopback, "sandbox". */
static const char* sandbox_config(char* out, size_t size, const char* app_key,
                                  const char* app_secret) {
  const int n = snprintf(out, size,
                         "{\"name\":\"c driver shop\","
                         "\"oauth_client\":{\"service_region\":\"non_us\",\"client_id\":\"%s\","
                         "\"client_secret\":\"%s\",\"service_id\":\"svc-c\"},"
                         "\"app_key\":\"%s\",\"app_secret\":\"%s\","
                         "\"api_base_url\":\"http://127.0.0.1:18080\","
                         "\"auth_base_url\":\"http://127.0.0.1:18080\",\"sandbox\":true}",
                         app_key, app_secret, app_key, app_secret);
  if (n < 0 || (size_t)n >= size) fail("config buffer too small");
  return out;
}

static const cnx_connector_api* load_table(const char* path, void** library) {
  cnx_connector_get_api_fn entry;
  const cnx_connector_api* api;
  void* symbol;

  step("dlopen the plugin");
  *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (*library == NULL) fail(dlerror());

  step("find the entry symbol");
  symbol = dlsym(*library, CNX_ENTRY_SYMBOL);
  REQUIRE(symbol != NULL);
  /* ISO C has no object-to-function pointer conversion; POSIX guarantees the sizes match. */
  REQUIRE(sizeof symbol == sizeof entry);
  memcpy(&entry, &symbol, sizeof entry);

  step("get the table");
  REQUIRE(entry(CNX_ABI_MAJOR + 1) == NULL);
  api = entry(CNX_ABI_MAJOR);
  REQUIRE(api != NULL);
  REQUIRE(api == entry(CNX_ABI_MAJOR));
  REQUIRE(api->abi_major == CNX_ABI_MAJOR);
  REQUIRE(api->abi_minor == CNX_ABI_MINOR); /* built in this tree, against this header */
  REQUIRE(CNX_HAS_FIELD(api, cnx_connector_api, free_webhook_event));
  REQUIRE(api->connector_id != NULL && strcmp(api->connector_id, "tiktok-shop") == 0);
  REQUIRE(api->connector_version != NULL && api->connector_version[0] != '\0');
  return api;
}

static void drive_describe(const cnx_connector_api* api) {
  cnx_buffer* buffer = NULL;
  cnx_error* error = NULL;
  step("describe");
  REQUIRE(api->describe(&buffer, &error) == CNX_STATUS_OK);
  REQUIRE(error == NULL);
  REQUIRE(buffer != NULL && CNX_HAS_FIELD(buffer, cnx_buffer, bytes));
  REQUIRE(str_starts_with(buffer->bytes, "{"));
  REQUIRE(str_contains(buffer->bytes, "\"connection_schema\""));
  REQUIRE(str_contains(buffer->bytes, "\"shops.list\""));
  api->free_buffer(buffer);
}

static void drive_invalid_open(const cnx_connector_api* api, const cnx_host_services* host) {
  cnx_connection* connection = NULL;
  cnx_error* error = NULL;
  step("connection_open refuses an incomplete config");
  REQUIRE(api->connection_open(host, str_of("{\"name\":\"x\",\"app_secret\":\"hush\"}"),
                               &connection, &error) == CNX_STATUS_INVALID_INPUT);
  REQUIRE(connection == NULL);
  REQUIRE(error != NULL && CNX_HAS_FIELD(error, cnx_error, retry_after_ms));
  REQUIRE(error->status == CNX_STATUS_INVALID_INPUT);
  REQUIRE(str_contains(error->details_json, "\"/oauth_client\""));
  REQUIRE(str_contains(error->details_json, "\"/app_key\""));
  REQUIRE(!str_contains(error->message, "hush") && !str_contains(error->details_json, "hush"));
  api->free_error(error);
}

static cnx_connection* open_connection(const cnx_connector_api* api, const cnx_host_services* host,
                                       const char* app_key, const char* app_secret) {
  char config[512];
  cnx_connection* connection = NULL;
  cnx_error* error = NULL;
  const cnx_status status =
      api->connection_open(host, str_of(sandbox_config(config, sizeof config, app_key, app_secret)),
                           &connection, &error);
  if (status != CNX_STATUS_OK && error != NULL) {
    fprintf(stderr, "c_driver: %.*s\n", (int)error->message.len, error->message.data);
  }
  REQUIRE(status == CNX_STATUS_OK);
  REQUIRE(connection != NULL && error == NULL);
  return connection;
}

static void drive_connection_describe(const cnx_connector_api* api, const cnx_connection* c) {
  cnx_buffer* buffer = NULL;
  step("connection_describe");
  REQUIRE(api->connection_describe(c, &buffer, NULL) == CNX_STATUS_OK);
  REQUIRE(buffer != NULL);
  REQUIRE(str_contains(buffer->bytes, "http://127.0.0.1:18080"));
  REQUIRE(!str_contains(buffer->bytes, "e59af819cc"));
  api->free_buffer(buffer);
}

static void drive_authorization(const cnx_connector_api* api, const cnx_connection* c) {
  cnx_buffer* url = NULL;
  cnx_callback_result* callback = NULL;
  cnx_http_request* token_call = NULL;
  cnx_token_set* tokens = NULL;
  cnx_error* error = NULL;
  const char* success =
      "{\"code\":0,\"message\":\"success\",\"request_id\":\"r1\",\"data\":{"
      "\"access_token\":\"AT-1\",\"access_token_expire_in\":1700604800,"
      "\"refresh_token\":\"RT-1\",\"refresh_token_expire_in\":1731536000,\"open_id\":\"open-1\","
      "\"seller_name\":\"Shop One\",\"seller_base_region\":\"GB\",\"user_type\":0,"
      "\"granted_scopes\":[\"seller.order.info\",\"seller.product.basic\"]}}";

  step("authorize_url");
  REQUIRE(api->authorize_url(c, str_of("st-1"), &url, NULL) == CNX_STATUS_OK);
  REQUIRE(url != NULL);
  REQUIRE(str_contains(url->bytes, "service_id=svc-c") && str_contains(url->bytes, "state=st-1"));
  api->free_buffer(url);

  step("parse_callback");
  REQUIRE(api->parse_callback(c, str_of("code=CODE-1&state=st-1"), &callback, NULL) ==
          CNX_STATUS_OK);
  REQUIRE(callback != NULL && callback->status == CNX_STATUS_OK);
  REQUIRE(str_equals(callback->code, "CODE-1") && str_equals(callback->state, "st-1"));
  api->free_callback_result(callback);

  step("token_request");
  REQUIRE(api->token_request(c, CNX_GRANT_AUTHORIZATION_CODE, str_of("CODE-1"), &token_call,
                             NULL) == CNX_STATUS_OK);
  REQUIRE(token_call != NULL && str_equals(token_call->method, "GET"));
  REQUIRE(str_starts_with(token_call->url, "http://127.0.0.1:18080/api/v2/token/get?"));
  REQUIRE(str_contains(token_call->url, "auth_code=CODE-1"));
  api->free_http_request(token_call);

  step("parse_token_response");
  REQUIRE(api->parse_token_response(c, 200, str_of(success), &tokens, NULL) == CNX_STATUS_OK);
  REQUIRE(tokens != NULL && CNX_HAS_FIELD(tokens, cnx_token_set, scope_count));
  REQUIRE(str_equals(tokens->access_token, "AT-1") && tokens->access_expires_at == 1700604800);
  REQUIRE(str_equals(tokens->account_type, "seller") && tokens->scope_count == 2);
  REQUIRE(str_equals(tokens->scopes[1], "seller.product.basic"));
  api->free_token_set(tokens);

  step("parse_token_response says reauthorize for a dead refresh token");
  tokens = NULL;
  REQUIRE(api->parse_token_response(c, 200,
                                    str_of("{\"code\":36004001,\"message\":\"rt has expired\"}"),
                                    &tokens, &error) == CNX_STATUS_REAUTHORIZE);
  REQUIRE(tokens == NULL && error != NULL && error->remote_code == 36004001);
  api->free_error(error);
}

static void drive_sign(const cnx_connector_api* api, const cnx_connection* c) {
  cnx_request request;
  cnx_http_request* signed_request = NULL;
  cnx_error* error = NULL;
  const cnx_str* token;

  step("sign_request (TikTok's worked example)");
  ZERO_WITH_SIZE(request);
  request.endpoint = str_of("shops.list");
  request.access_token = str_of("AT-1");
  request.timestamp = 0; /* the host clock: fixed_clock_ms */
  REQUIRE(api->sign_request(c, &request, &signed_request, NULL) == CNX_STATUS_OK);
  REQUIRE(signed_request != NULL && str_equals(signed_request->method, "GET"));
  REQUIRE(
      str_starts_with(signed_request->url, "http://127.0.0.1:18080/authorization/202309/shops?"));
  REQUIRE(str_contains(signed_request->url,
                       "sign=b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"));
  token = find_header(signed_request->headers, signed_request->header_count, "x-tts-access-token");
  REQUIRE(token != NULL && str_equals(*token, "AT-1"));
  REQUIRE(!str_contains(signed_request->url, "AT-1"));
  api->free_http_request(signed_request);

  step("sign_request refuses an unknown endpoint");
  signed_request = NULL;
  request.endpoint = str_of("no.such.endpoint");
  REQUIRE(api->sign_request(c, &request, &signed_request, &error) == CNX_STATUS_INVALID_INPUT);
  REQUIRE(signed_request == NULL && error != NULL);
  REQUIRE(str_contains(error->message, "no.such.endpoint"));
  api->free_error(error);
}

static void drive_classify(const cnx_connector_api* api, const cnx_connection* c) {
  const char* text =
      "{\"code\":0,\"message\":\"Success\",\"request_id\":\"req-7\",\"data\":{\"shops\":["
      "{\"id\":\"7000\",\"name\":\"A\",\"region\":\"GB\",\"cipher\":\"ROW_a\"},"
      "{\"id\":\"7001\",\"name\":\"B\",\"region\":\"FR\",\"cipher\":\"ROW_b\"}]}}";
  cnx_response response;
  cnx_classification* verdict = NULL;

  step("classify_response (a page of shops)");
  ZERO_WITH_SIZE(response);
  response.endpoint = str_of("shops.list");
  response.http_status = 200;
  response.body = str_of(text);
  REQUIRE(api->classify_response(c, &response, &verdict, NULL) == CNX_STATUS_OK);
  REQUIRE(verdict != NULL && CNX_HAS_FIELD(verdict, cnx_classification, item_errors_json));
  REQUIRE(verdict->verdict == CNX_STATUS_OK && str_equals(verdict->request_id, "req-7"));
  REQUIRE(verdict->record_count == 2);
  REQUIRE(str_contains(span_text(response.body, verdict->records[1].key), "7001"));
  REQUIRE(str_starts_with(span_text(response.body, verdict->records[0].json), "{\"id\":\"7000\""));
  api->free_classification(verdict);

  step("classify_response (an overloaded gateway)");
  verdict = NULL;
  response.http_status = 503;
  response.body = str_of("<html>busy</html>");
  REQUIRE(api->classify_response(c, &response, &verdict, NULL) == CNX_STATUS_OK);
  REQUIRE(verdict != NULL && verdict->verdict == CNX_STATUS_RETRY && verdict->record_count == 0);
  api->free_classification(verdict);
}

static void drive_webhook(const cnx_connector_api* api, const cnx_connection* c) {
  const char* body =
      "{\"type\":1,\"shop_id\":\"7494726673780148744\",\"timestamp\":1664095733,\"data\":{"
      "\"order_id\":\"576684019603311365\",\"order_status\":\"AWAITING_SHIPMENT\","
      "\"update_time\":1664095610}}";
  cnx_kv header;
  cnx_webhook_event* event = NULL;
  cnx_error* error = NULL;

  step("verify_webhook (EcomPHP's example)");
  header.key = str_of("Authorization");
  header.value = str_of("21109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27");
  REQUIRE(api->verify_webhook(c, &header, 1, str_of(body), &event, NULL) == CNX_STATUS_OK);
  REQUIRE(event != NULL && CNX_HAS_FIELD(event, cnx_webhook_event, effect));
  REQUIRE(str_equals(event->event_type, "ORDER_STATUS_CHANGE"));
  REQUIRE(str_equals(event->account_id, "7494726673780148744"));
  REQUIRE(event->occurred_at == 1664095733 && event->effect == CNX_WEBHOOK_EFFECT_NONE);
  REQUIRE(event->event_id.len > 0);
  api->free_webhook_event(event);

  step("verify_webhook refuses a wrong signature");
  event = NULL;
  header.value = str_of("11109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27");
  REQUIRE(api->verify_webhook(c, &header, 1, str_of(body), &event, &error) ==
          CNX_STATUS_INVALID_INPUT);
  REQUIRE(event == NULL && error != NULL && error->status == CNX_STATUS_INVALID_INPUT);
  api->free_error(error);
}

static void free_functions_accept_null(const cnx_connector_api* api) {
  step("every free function accepts NULL");
  api->connection_close(NULL);
  api->free_error(NULL);
  api->free_buffer(NULL);
  api->free_callback_result(NULL);
  api->free_token_set(NULL);
  api->free_http_request(NULL);
  api->free_classification(NULL);
  api->free_webhook_event(NULL);
}

int main(int argc, char** argv) {
  void* library = NULL;
  const cnx_connector_api* api;
  cnx_host_services host;
  cnx_connection* signing;
  cnx_connection* webhooks;

  if (argc != 2) {
    fprintf(stderr, "usage: %s PATH/TO/libconnector.so\n", argv[0]);
    return 2;
  }
  api = load_table(argv[1], &library);
  drive_describe(api);

  ZERO_WITH_SIZE(host);
  host.log = log_line;
  host.now_unix_ms = fixed_clock_ms;
  drive_invalid_open(api, &host);

  step("connection_open (the signing example's app)");
  signing = open_connection(api, &host, "29a39d", "e59af819cc");
  step("connection_open (the webhook example's app)");
  webhooks = open_connection(api, &host, "fake_app_key", "fake_app_secret");

  drive_connection_describe(api, signing);
  drive_authorization(api, signing);
  drive_sign(api, signing);
  drive_classify(api, signing);
  drive_webhook(api, webhooks);

  step("connection_close");
  api->connection_close(signing);
  api->connection_close(webhooks);
  free_functions_accept_null(api);

  step("dlclose");
  REQUIRE(dlclose(library) == 0);
  printf("c_driver: every step passed\n");
  return 0;
}
