/*
 * struct_layout_pins.c: the size and field offsets of every struct of connector_abi.h, and the
 * value of every enum constant, pinned at compile time. A field moved, retyped or inserted in the
 * middle breaks binary compatibility with every plugin and host already built; here it breaks
 * the build instead, naming the field. Appending a field to a struct that starts with
 * struct_size changes only that struct's size pin: update the size, add a pin for the new
 * field, bump CNX_ABI_MINOR (host-api/ABI.md, "Adding a field").
 *
 * The numbers are those of the x86-64 System V (LP64) ABI, where the project's plugins and
 * hosts are built. Elsewhere the file compiles to a program that reports "skipped" (exit 77).
 */
#include <connector_abi/connector_abi.h>

#include <stdio.h>

#if defined(__LP64__) || defined(_LP64)
#define CNX_LAYOUT_PINNED 1

#define PIN_SIZE(type, bytes) _Static_assert(sizeof(type) == (bytes), "sizeof(" #type ") changed")
#define PIN(type, field, at) \
  _Static_assert(offsetof(type, field) == (at), #type "." #field " moved")
#define PIN_VALUE(name, value) _Static_assert((name) == (value), #name " changed its value")

/* Value types used in arrays: their size is frozen for the whole major version. */
PIN_SIZE(cnx_str, 16);
PIN(cnx_str, data, 0);
PIN(cnx_str, len, 8);

PIN_SIZE(cnx_kv, 32);
PIN(cnx_kv, key, 0);
PIN(cnx_kv, value, 16);

PIN_SIZE(cnx_span, 16);
PIN(cnx_span, offset, 0);
PIN(cnx_span, len, 8);

PIN_SIZE(cnx_record, 32);
PIN(cnx_record, json, 0);
PIN(cnx_record, key, 16);

/* Enums travel inside structs and as return values: their size is part of the layout. */
PIN_SIZE(cnx_status, 4);
PIN_SIZE(cnx_log_level, 4);
PIN_SIZE(cnx_token_grant, 4);
PIN_SIZE(cnx_webhook_effect, 4);
PIN_VALUE(CNX_STATUS_OK, 0);
PIN_VALUE(CNX_STATUS_INVALID_INPUT, 1);
PIN_VALUE(CNX_STATUS_RETRY, 2);
PIN_VALUE(CNX_STATUS_RATE_LIMITED, 3);
PIN_VALUE(CNX_STATUS_REFRESH_TOKEN, 4);
PIN_VALUE(CNX_STATUS_REAUTHORIZE, 5);
PIN_VALUE(CNX_STATUS_PERMANENT, 6);
PIN_VALUE(CNX_STATUS_INTERNAL, 7);
PIN_VALUE(CNX_STATUS_UNSUPPORTED, 8);
PIN_VALUE(CNX_LOG_DEBUG, 0);
PIN_VALUE(CNX_LOG_INFO, 1);
PIN_VALUE(CNX_LOG_WARN, 2);
PIN_VALUE(CNX_LOG_ERROR, 3);
PIN_VALUE(CNX_GRANT_AUTHORIZATION_CODE, 0);
PIN_VALUE(CNX_GRANT_REFRESH_TOKEN, 1);
PIN_VALUE(CNX_WEBHOOK_EFFECT_NONE, 0);
PIN_VALUE(CNX_WEBHOOK_EFFECT_DEAUTHORIZED, 1);
PIN_VALUE(CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING, 2);

/* Growable structs (struct_size first). Their size pins are the 1.0 sizes; see the note above. */
PIN_SIZE(cnx_error, 80);
PIN(cnx_error, struct_size, 0);
PIN(cnx_error, status, 8);
PIN(cnx_error, message, 16);
PIN(cnx_error, details_json, 32);
PIN(cnx_error, remote_code, 48);
PIN(cnx_error, remote_request_id, 56);
PIN(cnx_error, retry_after_ms, 72);

PIN_SIZE(cnx_buffer, 24);
PIN(cnx_buffer, struct_size, 0);
PIN(cnx_buffer, bytes, 8);

PIN_SIZE(cnx_host_services, 32);
PIN(cnx_host_services, struct_size, 0);
PIN(cnx_host_services, context, 8);
PIN(cnx_host_services, log, 16);
PIN(cnx_host_services, now_unix_ms, 24);

PIN_SIZE(cnx_callback_result, 64);
PIN(cnx_callback_result, struct_size, 0);
PIN(cnx_callback_result, status, 8);
PIN(cnx_callback_result, code, 16);
PIN(cnx_callback_result, state, 32);
PIN(cnx_callback_result, error, 48);

PIN_SIZE(cnx_token_set, 136);
PIN(cnx_token_set, struct_size, 0);
PIN(cnx_token_set, access_token, 8);
PIN(cnx_token_set, access_expires_at, 24);
PIN(cnx_token_set, refresh_token, 32);
PIN(cnx_token_set, refresh_expires_at, 48);
PIN(cnx_token_set, account_id, 56);
PIN(cnx_token_set, account_name, 72);
PIN(cnx_token_set, account_region, 88);
PIN(cnx_token_set, account_type, 104);
PIN(cnx_token_set, scopes, 120);
PIN(cnx_token_set, scope_count, 128);

PIN_SIZE(cnx_request, 176);
PIN(cnx_request, struct_size, 0);
PIN(cnx_request, endpoint, 8);
PIN(cnx_request, path_params, 24);
PIN(cnx_request, path_param_count, 32);
PIN(cnx_request, method, 40);
PIN(cnx_request, url, 56);
PIN(cnx_request, query, 72);
PIN(cnx_request, query_count, 80);
PIN(cnx_request, headers, 88);
PIN(cnx_request, header_count, 96);
PIN(cnx_request, body, 104);
PIN(cnx_request, content_type, 120);
PIN(cnx_request, access_token, 136);
PIN(cnx_request, scope_credential, 152);
PIN(cnx_request, timestamp, 168);

PIN_SIZE(cnx_http_request, 72);
PIN(cnx_http_request, struct_size, 0);
PIN(cnx_http_request, method, 8);
PIN(cnx_http_request, url, 24);
PIN(cnx_http_request, headers, 40);
PIN(cnx_http_request, header_count, 48);
PIN(cnx_http_request, body, 56);

PIN_SIZE(cnx_response, 64);
PIN(cnx_response, struct_size, 0);
PIN(cnx_response, endpoint, 8);
PIN(cnx_response, http_status, 24);
PIN(cnx_response, headers, 32);
PIN(cnx_response, header_count, 40);
PIN(cnx_response, body, 48);

PIN_SIZE(cnx_classification, 120);
PIN(cnx_classification, struct_size, 0);
PIN(cnx_classification, verdict, 8);
PIN(cnx_classification, remote_code, 16);
PIN(cnx_classification, message, 24);
PIN(cnx_classification, request_id, 40);
PIN(cnx_classification, retry_after_ms, 56);
PIN(cnx_classification, next_page_token, 64);
PIN(cnx_classification, total_count, 80);
PIN(cnx_classification, records, 88);
PIN(cnx_classification, record_count, 96);
PIN(cnx_classification, item_errors_json, 104);

PIN_SIZE(cnx_webhook_event, 72);
PIN(cnx_webhook_event, struct_size, 0);
PIN(cnx_webhook_event, event_id, 8);
PIN(cnx_webhook_event, event_type, 24);
PIN(cnx_webhook_event, account_id, 40);
PIN(cnx_webhook_event, occurred_at, 56);
PIN(cnx_webhook_event, effect, 64);

PIN_SIZE(cnx_connector_api, 176);
PIN(cnx_connector_api, struct_size, 0);
PIN(cnx_connector_api, abi_major, 8);
PIN(cnx_connector_api, abi_minor, 12);
PIN(cnx_connector_api, connector_id, 16);
PIN(cnx_connector_api, connector_version, 24);
PIN(cnx_connector_api, describe, 32);
PIN(cnx_connector_api, connection_open, 40);
PIN(cnx_connector_api, connection_close, 48);
PIN(cnx_connector_api, connection_describe, 56);
PIN(cnx_connector_api, authorize_url, 64);
PIN(cnx_connector_api, parse_callback, 72);
PIN(cnx_connector_api, token_request, 80);
PIN(cnx_connector_api, parse_token_response, 88);
PIN(cnx_connector_api, sign_request, 96);
PIN(cnx_connector_api, classify_response, 104);
PIN(cnx_connector_api, verify_webhook, 112);
PIN(cnx_connector_api, free_error, 120);
PIN(cnx_connector_api, free_buffer, 128);
PIN(cnx_connector_api, free_callback_result, 136);
PIN(cnx_connector_api, free_token_set, 144);
PIN(cnx_connector_api, free_http_request, 152);
PIN(cnx_connector_api, free_classification, 160);
PIN(cnx_connector_api, free_webhook_event, 168);

#else
#define CNX_LAYOUT_PINNED 0
#endif

int main(void) {
  if (!CNX_LAYOUT_PINNED) {
    printf("connector_abi.h layout: not an LP64 platform, the pins do not apply (skipped)\n");
    return 77;
  }
  printf("connector_abi.h layout: every size, offset and enum value matches ABI %d.%d\n",
         CNX_ABI_MAJOR, CNX_ABI_MINOR);
  return 0;
}
