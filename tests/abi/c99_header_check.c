/*
 * c99_header_check.c: proves connector_abi.h is pure C99. Built with
 * -std=c99 -pedantic -Werror -Wall -Wextra; every type, enum value and macro of the header is
 * used below, and main() checks the few things that can be checked at run time (CNX_HAS_FIELD,
 * struct_size conventions, the entry signature). A C connector could be written this way.
 */
#include <connector_abi/connector_abi.h>

#include <stdio.h>
#include <string.h>

#include "sized_struct.h"

static cnx_str str_of(const char* s) {
  cnx_str out;
  out.data = s;
  out.len = strlen(s);
  return out;
}

static void log_line(void* context, cnx_log_level level, const char* message, size_t len) {
  (void)context;
  (void)level;
  (void)message;
  (void)len;
}

static int64_t clock_ms(void* context) {
  (void)context;
  return 1700000000000LL;
}

static cnx_status describe(cnx_buffer** out, cnx_error** error) {
  (void)out;
  (void)error;
  return CNX_STATUS_UNSUPPORTED;
}

static cnx_status connection_open(const cnx_host_services* host, cnx_str config_json,
                                  cnx_connection** out, cnx_error** error) {
  (void)host;
  (void)config_json;
  *out = NULL;
  (void)error;
  return CNX_STATUS_INVALID_INPUT;
}

static void connection_close(cnx_connection* connection) { (void)connection; }
static void free_error(cnx_error* e) { (void)e; }
static void free_buffer(cnx_buffer* b) { (void)b; }
static void free_callback_result(cnx_callback_result* r) { (void)r; }
static void free_token_set(cnx_token_set* t) { (void)t; }
static void free_http_request(cnx_http_request* r) { (void)r; }
static void free_classification(cnx_classification* c) { (void)c; }
static void free_webhook_event(cnx_webhook_event* e) { (void)e; }

/* C99 designated initializers: the operations this check does not implement stay NULL. */
static const cnx_connector_api kTable = {
    .struct_size = sizeof(cnx_connector_api),
    .abi_major = CNX_ABI_MAJOR,
    .abi_minor = CNX_ABI_MINOR,
    .connector_id = "c99-check",
    .connector_version = "0.0.0",
    .describe = describe,
    .connection_open = connection_open,
    .connection_close = connection_close,
    .free_error = free_error,
    .free_buffer = free_buffer,
    .free_callback_result = free_callback_result,
    .free_token_set = free_token_set,
    .free_http_request = free_http_request,
    .free_classification = free_classification,
    .free_webhook_event = free_webhook_event,
};

/* Defined here so that taking its address links: a C plugin's entry looks exactly like this. */
CNX_EXPORT const cnx_connector_api* cnx_connector_get_api(uint32_t host_abi_major) {
  return host_abi_major == CNX_ABI_MAJOR ? &kTable : NULL;
}

static int failures = 0;
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

int main(void) {
  const cnx_status statuses[] = {
      CNX_STATUS_OK,           CNX_STATUS_INVALID_INPUT, CNX_STATUS_RETRY,
      CNX_STATUS_RATE_LIMITED, CNX_STATUS_REFRESH_TOKEN, CNX_STATUS_REAUTHORIZE,
      CNX_STATUS_PERMANENT,    CNX_STATUS_INTERNAL,      CNX_STATUS_UNSUPPORTED};
  const cnx_log_level levels[] = {CNX_LOG_DEBUG, CNX_LOG_INFO, CNX_LOG_WARN, CNX_LOG_ERROR};
  const cnx_token_grant grants[] = {CNX_GRANT_AUTHORIZATION_CODE, CNX_GRANT_REFRESH_TOKEN};
  const cnx_webhook_effect effects[] = {CNX_WEBHOOK_EFFECT_NONE, CNX_WEBHOOK_EFFECT_DEAUTHORIZED,
                                        CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING};
  cnx_kv header;
  cnx_span span;
  cnx_error error;
  cnx_buffer buffer;
  cnx_host_services host;
  cnx_connection* connection = NULL;
  cnx_callback_result callback;
  cnx_token_set tokens;
  cnx_request request;
  cnx_http_request http;
  cnx_response response;
  cnx_record record;
  cnx_classification classification;
  cnx_webhook_event event;
  cnx_connector_get_api_fn entry = cnx_connector_get_api;
  const cnx_connector_api* api;
  size_t i;

  /* Explicit enum values are part of the ABI: they must never change. */
  for (i = 0; i < sizeof statuses / sizeof statuses[0]; ++i) CHECK((size_t)statuses[i] == i);
  for (i = 0; i < sizeof levels / sizeof levels[0]; ++i) CHECK((size_t)levels[i] == i);
  for (i = 0; i < sizeof grants / sizeof grants[0]; ++i) CHECK((size_t)grants[i] == i);
  for (i = 0; i < sizeof effects / sizeof effects[0]; ++i) CHECK((size_t)effects[i] == i);

  header.key = str_of("content-type");
  header.value = str_of("application/json");
  span.offset = 0;
  span.len = 2;

  ZERO_WITH_SIZE(error);
  error.status = CNX_STATUS_RATE_LIMITED;
  error.message = str_of("slow down");
  error.retry_after_ms = 1000;
  CHECK(CNX_HAS_FIELD(&error, cnx_error, retry_after_ms));
  /* A struct from an older, shorter layout must not expose fields beyond its size. */
  error.struct_size = offsetof(cnx_error, details_json);
  CHECK(!CNX_HAS_FIELD(&error, cnx_error, details_json));
  CHECK(CNX_HAS_FIELD(&error, cnx_error, message));

  buffer.struct_size = sizeof buffer;
  buffer.bytes = str_of("{}");

  host.struct_size = sizeof host;
  host.context = NULL;
  host.log = log_line;
  host.now_unix_ms = clock_ms;
  host.log(host.context, CNX_LOG_INFO, "x", 1);
  CHECK(host.now_unix_ms(host.context) == 1700000000000LL);

  ZERO_WITH_SIZE(callback);
  callback.status = CNX_STATUS_OK;
  ZERO_WITH_SIZE(tokens);
  tokens.scopes = &header.key;
  tokens.scope_count = 1;
  ZERO_WITH_SIZE(request);
  request.headers = &header;
  request.header_count = 1;
  ZERO_WITH_SIZE(http);
  ZERO_WITH_SIZE(response);
  response.http_status = 200;
  record.json = span;
  record.key = span;
  ZERO_WITH_SIZE(classification);
  classification.records = &record;
  classification.record_count = 1;
  ZERO_WITH_SIZE(event);
  event.effect = effects[1];

  api = entry(CNX_ABI_MAJOR);
  CHECK(api != NULL);
  CHECK(entry(CNX_ABI_MAJOR + 1) == NULL);
  if (api != NULL) {
    CHECK(api->struct_size == sizeof(cnx_connector_api));
    CHECK(CNX_HAS_FIELD(api, cnx_connector_api, free_webhook_event));
    CHECK(api->sign_request == NULL && api->verify_webhook == NULL);
    CHECK(api->describe(NULL, NULL) == CNX_STATUS_UNSUPPORTED);
    CHECK(api->connection_open(&host, buffer.bytes, &connection, NULL) == CNX_STATUS_INVALID_INPUT);
    CHECK(connection == NULL);
    api->connection_close(connection);
    api->free_error(&error);
    api->free_buffer(&buffer);
    api->free_callback_result(&callback);
    api->free_token_set(&tokens);
    api->free_http_request(&http);
    api->free_classification(&classification);
    api->free_webhook_event(&event);
  }
  CHECK(strcmp(CNX_ENTRY_SYMBOL, "cnx_connector_get_api") == 0);
  if (failures == 0) printf("connector_abi.h: C99 check passed\n");
  return failures == 0 ? 0 : 1;
}
