/* clang-format off */ /* (the field comments below are aligned by hand, and the tokens are frozen)
 * connector_abi.h: the stable C ABI between an integration host and a connector plugin.
 *
 * A connector is a shared library that knows one remote application (its connection settings,
 * its endpoints, how requests are authorized and signed, how responses are read) and does no I/O.
 * A host loads it, asks it to describe itself, and drives connections, exports and imports from
 * that description, doing all networking, storage and scheduling itself.
 *
 * This header is pure C99 and depends only on the standard headers below, so that a host or a
 * connector can be written in any language that can call C.
 *
 * ---------------------------------------------------------------------------------------------
 * Compatibility policy (read this before changing anything here; host-api/ABI.md has the
 * whole promise, the version history and how to add a field or a function)
 * ---------------------------------------------------------------------------------------------
 *  1. A plugin exports exactly one symbol, CNX_ENTRY_SYMBOL (cnx_connector_get_api). Everything
 *     else is reached through the function table it returns.
 *  2. CNX_ABI_MAJOR changes only when something is removed, moved, retyped or given a new meaning.
 *     A host refuses a plugin whose table reports another major.
 *  3. CNX_ABI_MINOR grows when something is appended. Structs and enums are append-only: new
 *     fields go at the end, enum values are explicit and never reused.
 *  4. Every struct that can grow starts with `size_t struct_size`, set by whoever fills the
 *     struct to sizeof(the struct it was compiled against). A reader must not touch a field that
 *     lies beyond struct_size; CNX_HAS_FIELD() tests that. A function pointer that is NULL in the
 *     table means "not supported by this connector".
 *     The four value types cnx_str, cnx_kv, cnx_span and cnx_record have NO struct_size: they
 *     are passed by value and laid out in arrays (a `const cnx_kv*` with a count, the records of
 *     a classification), where the reader steps by sizeof. Their size is therefore frozen for
 *     the whole major version: they never gain a field. Anything new goes into a struct that
 *     has struct_size, never into one of these.
 *  5. Handles are opaque. No C++ type, exception or RTTI crosses this boundary: every entry point
 *     catches everything and reports CNX_STATUS_INTERNAL instead.
 *
 * ---------------------------------------------------------------------------------------------
 * Conventions
 * ---------------------------------------------------------------------------------------------
 *  - Strings are (pointer, length) pairs (cnx_str), UTF-8 unless stated otherwise, not required
 *    to be NUL-terminated. A cnx_str with len 0 is "absent"; its data may then be NULL.
 *  - OWNERSHIP: inputs are borrowed for the duration of the call and never retained, unless a
 *    function says otherwise. Outputs are allocated by the plugin and owned by the caller until it
 *    passes them to the matching free function of the same table (never to free()).
 *  - ERRORS: fallible functions return a cnx_status. On failure they may also hand out a
 *    cnx_error (through `cnx_error** error`, which may be NULL when the caller does not want
 *    one); the error explains what is wrong in words a person can act on. An error message
 *    never contains a secret (app secret, token, code) or any part of one.
 *  - THREADING: everything in the table may be called from any thread. A cnx_connection is
 *    immutable after open and may be used by many threads at once. Outputs are independent
 *    objects and belong to whoever holds them.
 */
#ifndef CONNECTOR_ABI_H
#define CONNECTOR_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNX_ABI_MAJOR 1
#define CNX_ABI_MINOR 0

/* The name of the one symbol a plugin exports, as a string for dlsym-style lookups. */
#define CNX_ENTRY_SYMBOL "cnx_connector_get_api"

/* True when a struct filled by the other side is large enough to hold `field`. */
#define CNX_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* ============================================================================================
 * Basic types
 * ============================================================================================ */

/*
 * The value types below (cnx_str, cnx_kv, cnx_span) and cnx_record further down carry no
 * struct_size: they are copied by value and stored in arrays. Their size is FROZEN for the whole
 * major version; adding a field to any of them is an ABI break (policy item 4).
 */

/* A borrowed or plugin-owned byte string. See "Conventions" for who owns it. */
typedef struct cnx_str {
  const char* data;
  size_t len;
} cnx_str;

/* A key/value pair: query parameters, headers, path parameters. */
typedef struct cnx_kv {
  cnx_str key;
  cnx_str value;
} cnx_kv;

/* A byte range [offset, offset + len) inside a buffer the caller passed in. */
typedef struct cnx_span {
  size_t offset;
  size_t len;
} cnx_span;

/* What a host should do next. Values are explicit and never reused. */
typedef enum cnx_status {
  CNX_STATUS_OK = 0,
  /* The input is wrong (a config field, an argument, a request, a signature). Fix, not retry. */
  CNX_STATUS_INVALID_INPUT = 1,
  /* A transient failure (overload, timeout, truncated response). Retry with backoff. */
  CNX_STATUS_RETRY = 2,
  /* The remote side throttles. Retry after retry_after_ms (0: use backoff). */
  CNX_STATUS_RATE_LIMITED = 3,
  /* The access token expired or was rejected. Refresh it, then retry the request once. */
  CNX_STATUS_REFRESH_TOKEN = 4,
  /* The authorization is gone or insufficient. A person must authorize again. */
  CNX_STATUS_REAUTHORIZE = 5,
  /* The remote side refused for good (configuration, permission, bad data). Do not retry. */
  CNX_STATUS_PERMANENT = 6,
  /* A bug or resource failure inside the plugin. Do not retry blindly. */
  CNX_STATUS_INTERNAL = 7,
  /* The connector does not support this operation. */
  CNX_STATUS_UNSUPPORTED = 8
} cnx_status;

typedef enum cnx_log_level {
  CNX_LOG_DEBUG = 0,
  CNX_LOG_INFO = 1,
  CNX_LOG_WARN = 2,
  CNX_LOG_ERROR = 3
} cnx_log_level;

/* An explanation of a failure. Plugin-owned: release with cnx_connector_api.free_error. */
typedef struct cnx_error {
  size_t struct_size;
  cnx_status status;
  /* A sentence for a person: what is wrong and where. Never contains a secret. */
  cnx_str message;
  /* For CNX_STATUS_INVALID_INPUT about a config or document: a JSON array of
   * {"field": "<JSON pointer>", "message": "..."} objects, one per problem. Otherwise empty. */
  cnx_str details_json;
  /* The remote application's own error code (0 when none) and request id (may be empty). */
  int64_t remote_code;
  cnx_str remote_request_id;
  /* For CNX_STATUS_RATE_LIMITED / CNX_STATUS_RETRY: how long to wait, 0 when unknown. */
  int64_t retry_after_ms;
} cnx_error;

/* A plugin-owned byte buffer (JSON text, a URL). Release with cnx_connector_api.free_buffer. */
typedef struct cnx_buffer {
  size_t struct_size;
  cnx_str bytes;
} cnx_buffer;

/* ============================================================================================
 * Host services: callbacks the host implements and hands to a connection
 * ============================================================================================ */

/*
 * OWNERSHIP: the host owns this struct and everything it points to; it must stay valid until
 * the connection it was given to is closed. THREADING: the plugin may call these from any
 * thread that calls into the plugin, concurrently. Any field may be NULL: the plugin then does
 * without (no logging; the system clock).
 */
typedef struct cnx_host_services {
  size_t struct_size;
  void* context;
  /* Receives a log line (not NUL-terminated). Never called with a secret in the message. */
  void (*log)(void* context, cnx_log_level level, const char* message, size_t len);
  /* The current time as Unix milliseconds. Lets a host (or a test) control the clock. */
  int64_t (*now_unix_ms)(void* context);
} cnx_host_services;

/* ============================================================================================
 * Connections
 * ============================================================================================ */

/* An opened, validated connection configuration. Opaque; immutable; thread-safe. */
typedef struct cnx_connection cnx_connection;

/* ============================================================================================
 * Authorization
 * ============================================================================================ */

typedef enum cnx_token_grant {
  /* Exchange an authorization code (from the redirect) for tokens. */
  CNX_GRANT_AUTHORIZATION_CODE = 0,
  /* Exchange a refresh token for new tokens. */
  CNX_GRANT_REFRESH_TOKEN = 1
} cnx_token_grant;

/* What an authorization redirect carried. Plugin-owned: free_callback_result. */
typedef struct cnx_callback_result {
  size_t struct_size;
  /* CNX_STATUS_OK with a code; CNX_STATUS_REAUTHORIZE when the person refused. */
  cnx_status status;
  cnx_str code;  /* secret: never log it */
  cnx_str state; /* empty when the redirect carried none (an install from an app store) */
  cnx_str error; /* the remote error word when refused, e.g. "access_denied" */
} cnx_callback_result;

/* A normalized token set. Plugin-owned: free_token_set. */
typedef struct cnx_token_set {
  size_t struct_size;
  cnx_str access_token;       /* secret */
  int64_t access_expires_at;  /* absolute Unix seconds; 0 when unknown */
  cnx_str refresh_token;      /* secret */
  int64_t refresh_expires_at; /* absolute Unix seconds; 0 when unknown */
  cnx_str account_id;         /* the remote account the tokens act for (TikTok: open_id) */
  cnx_str account_name;       /* (TikTok: seller_name) */
  cnx_str account_region;     /* (TikTok: seller_base_region) */
  cnx_str account_type;       /* e.g. "seller", "creator", "partner" */
  const cnx_str* scopes;      /* the scopes granted, one per entry */
  size_t scope_count;
} cnx_token_set;

/* ============================================================================================
 * Requests
 * ============================================================================================ */

/*
 * A request to sign. Either name a catalog endpoint (endpoint + path_params) or give a url; not
 * both. Query values are decoded (the plugin encodes them for the wire).
 */
typedef struct cnx_request {
  size_t struct_size;
  cnx_str endpoint;           /* catalog endpoint id, e.g. "orders.search"; or empty */
  const cnx_kv* path_params;  /* fill the endpoint's path template, e.g. {product_id} */
  size_t path_param_count;
  cnx_str method;             /* with url: "GET", "POST", ...; with endpoint: empty = catalog's */
  cnx_str url;                /* absolute URL or "/path?query" (query percent-encoded); or empty */
  const cnx_kv* query;        /* extra query parameters, decoded values; order is irrelevant */
  size_t query_count;
  const cnx_kv* headers;      /* extra headers to carry over (not signed unless the API says) */
  size_t header_count;
  cnx_str body;               /* the exact bytes that will be sent */
  cnx_str content_type;       /* full media type, parameters included; empty = connector default */
  cnx_str access_token;       /* secret; empty for calls that take none */
  cnx_str scope_credential;   /* the account-scope credential (TikTok: shop_cipher); or empty */
  int64_t timestamp;          /* Unix seconds to sign with; 0 = the host clock */
} cnx_request;

/*
 * A request ready to send. Plugin-owned: free_http_request. The body is NOT repeated here: the
 * host sends exactly the body bytes it passed in, which are the bytes that were signed.
 */
typedef struct cnx_http_request {
  size_t struct_size;
  cnx_str method;
  cnx_str url;             /* absolute, query percent-encoded, signature included */
  const cnx_kv* headers;   /* every header the request needs (content type, token, ...) */
  size_t header_count;
  /* For token requests the plugin builds the body itself (may be empty). */
  cnx_str body;
} cnx_http_request;

/* A response to classify. Borrowed for the call. */
typedef struct cnx_response {
  size_t struct_size;
  cnx_str endpoint;       /* the catalog endpoint id the request was for; or empty */
  int32_t http_status;    /* 0 when the transport failed before a status arrived */
  const cnx_kv* headers;
  size_t header_count;
  cnx_str body;           /* may be truncated or malformed: the plugin must cope */
} cnx_response;

/* One record found in a response body. A value type used in an array (records +
 * record_count): its size is frozen, like cnx_str's (policy item 4). */
typedef struct cnx_record {
  cnx_span json; /* the record's JSON value, as bytes of the response body */
  cnx_span key;  /* the record's natural key as a JSON value inside the body (string or number) */
} cnx_record;

/*
 * What a response means. Plugin-owned: free_classification. Spans point into the body the host
 * passed to classify_response, so that body must outlive the host's use of them.
 */
typedef struct cnx_classification {
  size_t struct_size;
  cnx_status verdict;       /* what to do; CNX_STATUS_OK when the call succeeded */
  int64_t remote_code;      /* the remote application's code, 0 on success */
  cnx_str message;          /* remote message or an explanation of the verdict */
  cnx_str request_id;       /* remote request id, for support tickets */
  int64_t retry_after_ms;   /* for RETRY / RATE_LIMITED, 0 when unknown */
  cnx_str next_page_token;  /* empty on the last page or for unpaged endpoints (decoded) */
  int64_t total_count;      /* -1 when the response does not say */
  const cnx_record* records;
  size_t record_count;
  /* For writes that report per-item failures inside a successful envelope: a JSON array text
   * (e.g. TikTok's data.errors[]), or empty. */
  cnx_str item_errors_json;
} cnx_classification;

/* ============================================================================================
 * Webhooks
 * ============================================================================================ */

typedef enum cnx_webhook_effect {
  CNX_WEBHOOK_EFFECT_NONE = 0,
  /* The account revoked the authorization: the connection needs authorizing again. */
  CNX_WEBHOOK_EFFECT_DEAUTHORIZED = 1,
  /* The authorization will lapse soon: a person should renew it. */
  CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING = 2
} cnx_webhook_effect;

/* A verified webhook delivery. Plugin-owned: free_webhook_event. */
typedef struct cnx_webhook_event {
  size_t struct_size;
  cnx_str event_id;       /* the delivery's de-duplication key */
  cnx_str event_type;     /* a stable name, e.g. "ORDER_STATUS_CHANGE" */
  cnx_str account_id;     /* the shop/account the event is about; may be empty */
  int64_t occurred_at;    /* Unix seconds, 0 when unknown */
  cnx_webhook_effect effect;
} cnx_webhook_event;

/* ============================================================================================
 * The function table
 * ============================================================================================ */

typedef struct cnx_connector_api {
  size_t struct_size;
  uint32_t abi_major; /* must equal the host's CNX_ABI_MAJOR */
  uint32_t abi_minor; /* what the plugin was built against; a host may use fields up to it */
  const char* connector_id;      /* NUL-terminated, static, e.g. "tiktok-shop" */
  const char* connector_version; /* NUL-terminated, static, semantic version */

  /*
   * describe: the connector's self-description as one JSON document: its id and version, the
   * connection schema (a JSON Schema a host can render as a form and validate against, secret
   * fields marked "x-secret": true), and the catalog of resources and endpoints (methods, path
   * templates, versions, paging, incremental windows, record locations, natural keys,
   * idempotency keys). Independent of any connection.
   * OWNERSHIP: *out is the caller's; free with free_buffer.
   * THREADING: any thread. ERRORS: CNX_STATUS_INTERNAL on allocation failure.
   */
  cnx_status (*describe)(cnx_buffer** out, cnx_error** error);

  /*
   * connection_open: validates a connection config (a JSON object following the schema) and
   * returns an immutable handle. Secrets are copied into the handle and wiped when it closes.
   * OWNERSHIP: config_json is borrowed; `host` must outlive the connection (may be NULL);
   * *out is the caller's, release with connection_close.
   * THREADING: any thread.
   * ERRORS: CNX_STATUS_INVALID_INPUT naming every missing or invalid field in
   * error->details_json (JSON pointers), never quoting a secret's value.
   */
  cnx_status (*connection_open)(const cnx_host_services* host, cnx_str config_json,
                                cnx_connection** out, cnx_error** error);

  /* connection_close: releases a handle (NULL is a no-op). The caller must ensure no other
   * thread still uses it. */
  void (*connection_close)(cnx_connection* connection);

  /*
   * connection_describe: the connection's effective settings as JSON, secrets masked: the HTTP
   * view (base URI, authorize/token URIs, where the token goes, the signing rule) and the
   * effective endpoint versions. OWNERSHIP: *out is the caller's; free_buffer.
   */
  cnx_status (*connection_describe)(const cnx_connection* connection, cnx_buffer** out,
                                    cnx_error** error);

  /*
   * authorize_url: the URL a person opens to grant access. `state` is the host's CSRF token
   * (may be empty). OWNERSHIP: *out is the caller's; free_buffer.
   */
  cnx_status (*authorize_url)(const cnx_connection* connection, cnx_str state, cnx_buffer** out,
                              cnx_error** error);

  /*
   * parse_callback: reads the query string of the authorization redirect (without "?").
   * OWNERSHIP: *out is the caller's; free_callback_result.
   * ERRORS: CNX_STATUS_INVALID_INPUT when it carries neither a code nor a refusal.
   */
  cnx_status (*parse_callback)(const cnx_connection* connection, cnx_str query,
                               cnx_callback_result** out, cnx_error** error);

  /*
   * token_request: the HTTP request that exchanges a code or a refresh token for tokens.
   * `credential` is the code or the refresh token (secret). OWNERSHIP: *out is the caller's;
   * free_http_request. The request may carry secrets (the app secret in the query): a host must
   * not log it.
   */
  cnx_status (*token_request)(const cnx_connection* connection, cnx_token_grant grant,
                              cnx_str credential, cnx_http_request** out, cnx_error** error);

  /*
   * parse_token_response: normalizes the token endpoint's response.
   * OWNERSHIP: *out is the caller's; free_token_set.
   * ERRORS: the status that says what to do (REAUTHORIZE for a dead refresh token, RETRY for
   * overload or a truncated body, PERMANENT for a wrong secret), with the remote message.
   */
  cnx_status (*parse_token_response)(const cnx_connection* connection, int32_t http_status,
                                     cnx_str body, cnx_token_set** out, cnx_error** error);

  /*
   * sign_request: turns a request into the exact request to send: common parameters added,
   * scope credential placed where the endpoint allows it, signature computed over the given
   * body bytes, access token placed, content type set.
   * OWNERSHIP: *out is the caller's; free_http_request.
   * ERRORS: CNX_STATUS_INVALID_INPUT for an unknown endpoint, a missing path parameter, a
   * credential the endpoint needs but did not get, a malformed url.
   */
  cnx_status (*sign_request)(const cnx_connection* connection, const cnx_request* request,
                             cnx_http_request** out, cnx_error** error);

  /*
   * classify_response: what a response means and what it carries (records, next page token).
   * Never fails on a malformed body: that is a verdict (RETRY), not an error.
   * OWNERSHIP: *out is the caller's; free_classification. Spans point into response->body.
   * ERRORS: CNX_STATUS_INVALID_INPUT only for an unknown endpoint id.
   */
  cnx_status (*classify_response)(const cnx_connection* connection, const cnx_response* response,
                                  cnx_classification** out, cnx_error** error);

  /*
   * verify_webhook: checks a delivery's signature over the raw body bytes, in constant time,
   * and reads its envelope. OWNERSHIP: *out is the caller's; free_webhook_event.
   * ERRORS: CNX_STATUS_INVALID_INPUT for a missing or wrong signature or an unreadable body.
   */
  cnx_status (*verify_webhook)(const cnx_connection* connection, const cnx_kv* headers,
                               size_t header_count, cnx_str body, cnx_webhook_event** out,
                               cnx_error** error);

  /* Release functions. Each accepts NULL. */
  void (*free_error)(cnx_error* error);
  void (*free_buffer)(cnx_buffer* buffer);
  void (*free_callback_result)(cnx_callback_result* result);
  void (*free_token_set)(cnx_token_set* tokens);
  void (*free_http_request)(cnx_http_request* request);
  void (*free_classification)(cnx_classification* classification);
  void (*free_webhook_event)(cnx_webhook_event* event);
} cnx_connector_api;

/*
 * The entry point every plugin exports (and the only symbol it exports).
 * `host_abi_major` is the CNX_ABI_MAJOR the host was built with. Returns the plugin's static
 * table, or NULL when the plugin cannot serve that major at all. The host must still check the
 * returned table's abi_major and struct_size.
 * OWNERSHIP: the table is static and lives as long as the library stays loaded.
 * THREADING: any thread; returns the same table every time.
 */
typedef const cnx_connector_api* (*cnx_connector_get_api_fn)(uint32_t host_abi_major);

#if defined(_WIN32)
#define CNX_EXPORT __declspec(dllexport)
#else
#define CNX_EXPORT __attribute__((visibility("default")))
#endif

/* Plugins define this function; hosts look it up by CNX_ENTRY_SYMBOL. */
CNX_EXPORT const cnx_connector_api* cnx_connector_get_api(uint32_t host_abi_major);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONNECTOR_ABI_H */
