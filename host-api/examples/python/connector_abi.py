"""connector_abi.py: host-api/include/connector_abi/connector_abi.h declared with ctypes.

Every struct, enum and function pointer type of ABI 1.0, in the header's order and with the
header's C types, so that ctypes lays each struct out as a C compiler does. Nothing here is
generated: a change to the header must be made here too, and
tests/abi/python_layout_test.py fails until it is (it compares every offset and size with what
a C compiler says).

Names follow the header without the `cnx_` prefix, in Python's CamelCase for classes
(cnx_http_request -> HttpRequest). A C enum is an `int` in a struct on the platform C ABI
(pinned to 4 bytes in tests/abi/struct_layout_pins.c), so each enum type is ctypes.c_int; its
constants are an IntEnum (CNX_STATUS_OK is StatusCode.OK).
"""

from __future__ import annotations

import ctypes
import enum

ABI_MAJOR = 1
ABI_MINOR = 0
ENTRY_SYMBOL = "cnx_connector_get_api"


class StatusCode(enum.IntEnum):
    """cnx_status: what a host should do next."""

    OK = 0
    INVALID_INPUT = 1
    RETRY = 2
    RATE_LIMITED = 3
    REFRESH_TOKEN = 4
    REAUTHORIZE = 5
    PERMANENT = 6
    INTERNAL = 7
    UNSUPPORTED = 8


class LogLevelCode(enum.IntEnum):
    """cnx_log_level"""

    DEBUG = 0
    INFO = 1
    WARN = 2
    ERROR = 3


class TokenGrantCode(enum.IntEnum):
    """cnx_token_grant"""

    AUTHORIZATION_CODE = 0
    REFRESH_TOKEN = 1


class WebhookEffectCode(enum.IntEnum):
    """cnx_webhook_effect"""

    NONE = 0
    DEAUTHORIZED = 1
    AUTHORIZATION_EXPIRING = 2


def code_name(codes: type[enum.IntEnum], value: int) -> str:
    """The constant's name, or the number for a value this host does not know (a newer peer's)."""
    try:
        return codes(value).name
    except ValueError:
        return str(value)


Status = ctypes.c_int  # cnx_status
LogLevel = ctypes.c_int  # cnx_log_level
TokenGrant = ctypes.c_int  # cnx_token_grant
WebhookEffect = ctypes.c_int  # cnx_webhook_effect
ConnectionHandle = ctypes.c_void_p  # cnx_connection*: opaque


# --- Value types: frozen size, laid out in arrays ------------------------------------------------


class Str(ctypes.Structure):
    """cnx_str: (pointer, length), not NUL-terminated; len 0 is "absent"."""

    _fields_ = [("data", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class Kv(ctypes.Structure):
    """cnx_kv: a key/value pair (query parameters, headers, path parameters)."""

    _fields_ = [("key", Str), ("value", Str)]


class Span(ctypes.Structure):
    """cnx_span: [offset, offset + len) inside a buffer the caller passed in."""

    _fields_ = [("offset", ctypes.c_size_t), ("len", ctypes.c_size_t)]


class Record(ctypes.Structure):
    """cnx_record: one record of a response, as spans into its body."""

    _fields_ = [("json", Span), ("key", Span)]


# --- Growable structs: struct_size first ---------------------------------------------------------


class Error(ctypes.Structure):
    """cnx_error: plugin-owned, released with free_error."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("status", Status),
        ("message", Str),
        ("details_json", Str),
        ("remote_code", ctypes.c_int64),
        ("remote_request_id", Str),
        ("retry_after_ms", ctypes.c_int64),
    ]


class Buffer(ctypes.Structure):
    """cnx_buffer: plugin-owned, released with free_buffer."""

    _fields_ = [("struct_size", ctypes.c_size_t), ("bytes", Str)]


LogFn = ctypes.CFUNCTYPE(None, ctypes.c_void_p, LogLevel, ctypes.c_void_p, ctypes.c_size_t)
ClockFn = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)


class HostServices(ctypes.Structure):
    """cnx_host_services: host-owned; must outlive the connection it was given to."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("context", ctypes.c_void_p),
        ("log", LogFn),
        ("now_unix_ms", ClockFn),
    ]


class CallbackResult(ctypes.Structure):
    """cnx_callback_result: plugin-owned, released with free_callback_result."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("status", Status),
        ("code", Str),
        ("state", Str),
        ("error", Str),
    ]


class TokenSet(ctypes.Structure):
    """cnx_token_set: plugin-owned, released with free_token_set."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("access_token", Str),
        ("access_expires_at", ctypes.c_int64),
        ("refresh_token", Str),
        ("refresh_expires_at", ctypes.c_int64),
        ("account_id", Str),
        ("account_name", Str),
        ("account_region", Str),
        ("account_type", Str),
        ("scopes", ctypes.POINTER(Str)),
        ("scope_count", ctypes.c_size_t),
    ]


class Request(ctypes.Structure):
    """cnx_request: host-owned, borrowed by sign_request for the call."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("endpoint", Str),
        ("path_params", ctypes.POINTER(Kv)),
        ("path_param_count", ctypes.c_size_t),
        ("method", Str),
        ("url", Str),
        ("query", ctypes.POINTER(Kv)),
        ("query_count", ctypes.c_size_t),
        ("headers", ctypes.POINTER(Kv)),
        ("header_count", ctypes.c_size_t),
        ("body", Str),
        ("content_type", Str),
        ("access_token", Str),
        ("scope_credential", Str),
        ("timestamp", ctypes.c_int64),
    ]


class HttpRequest(ctypes.Structure):
    """cnx_http_request: plugin-owned, released with free_http_request."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("method", Str),
        ("url", Str),
        ("headers", ctypes.POINTER(Kv)),
        ("header_count", ctypes.c_size_t),
        ("body", Str),
    ]


class Response(ctypes.Structure):
    """cnx_response: host-owned, borrowed by classify_response for the call."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("endpoint", Str),
        ("http_status", ctypes.c_int32),
        ("headers", ctypes.POINTER(Kv)),
        ("header_count", ctypes.c_size_t),
        ("body", Str),
    ]


class Classification(ctypes.Structure):
    """cnx_classification: plugin-owned, released with free_classification."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("verdict", Status),
        ("remote_code", ctypes.c_int64),
        ("message", Str),
        ("request_id", Str),
        ("retry_after_ms", ctypes.c_int64),
        ("next_page_token", Str),
        ("total_count", ctypes.c_int64),
        ("records", ctypes.POINTER(Record)),
        ("record_count", ctypes.c_size_t),
        ("item_errors_json", Str),
    ]


class WebhookEvent(ctypes.Structure):
    """cnx_webhook_event: plugin-owned, released with free_webhook_event."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("event_id", Str),
        ("event_type", Str),
        ("account_id", Str),
        ("occurred_at", ctypes.c_int64),
        ("effect", WebhookEffect),
    ]


# --- The function table --------------------------------------------------------------------------


def _out(struct: type) -> type:
    """The type of an output parameter `T** out`."""
    return ctypes.POINTER(ctypes.POINTER(struct))


_ERROR_OUT = _out(Error)
_CONNECTION_OUT = ctypes.POINTER(ConnectionHandle)

DescribeFn = ctypes.CFUNCTYPE(Status, _out(Buffer), _ERROR_OUT)
ConnectionOpenFn = ctypes.CFUNCTYPE(
    Status, ctypes.POINTER(HostServices), Str, _CONNECTION_OUT, _ERROR_OUT
)
ConnectionCloseFn = ctypes.CFUNCTYPE(None, ConnectionHandle)
ConnectionDescribeFn = ctypes.CFUNCTYPE(Status, ConnectionHandle, _out(Buffer), _ERROR_OUT)
AuthorizeUrlFn = ctypes.CFUNCTYPE(Status, ConnectionHandle, Str, _out(Buffer), _ERROR_OUT)
ParseCallbackFn = ctypes.CFUNCTYPE(Status, ConnectionHandle, Str, _out(CallbackResult), _ERROR_OUT)
TokenRequestFn = ctypes.CFUNCTYPE(
    Status, ConnectionHandle, TokenGrant, Str, _out(HttpRequest), _ERROR_OUT
)
ParseTokenResponseFn = ctypes.CFUNCTYPE(
    Status, ConnectionHandle, ctypes.c_int32, Str, _out(TokenSet), _ERROR_OUT
)
SignRequestFn = ctypes.CFUNCTYPE(
    Status, ConnectionHandle, ctypes.POINTER(Request), _out(HttpRequest), _ERROR_OUT
)
ClassifyResponseFn = ctypes.CFUNCTYPE(
    Status, ConnectionHandle, ctypes.POINTER(Response), _out(Classification), _ERROR_OUT
)
VerifyWebhookFn = ctypes.CFUNCTYPE(
    Status,
    ConnectionHandle,
    ctypes.POINTER(Kv),
    ctypes.c_size_t,
    Str,
    _out(WebhookEvent),
    _ERROR_OUT,
)


def _free_fn(struct: type) -> type:
    """The type of a release function `void (*)(T*)`."""
    return ctypes.CFUNCTYPE(None, ctypes.POINTER(struct))


class ConnectorApi(ctypes.Structure):
    """cnx_connector_api: the plugin's static table; lives as long as the library is loaded."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("abi_major", ctypes.c_uint32),
        ("abi_minor", ctypes.c_uint32),
        ("connector_id", ctypes.c_char_p),
        ("connector_version", ctypes.c_char_p),
        ("describe", DescribeFn),
        ("connection_open", ConnectionOpenFn),
        ("connection_close", ConnectionCloseFn),
        ("connection_describe", ConnectionDescribeFn),
        ("authorize_url", AuthorizeUrlFn),
        ("parse_callback", ParseCallbackFn),
        ("token_request", TokenRequestFn),
        ("parse_token_response", ParseTokenResponseFn),
        ("sign_request", SignRequestFn),
        ("classify_response", ClassifyResponseFn),
        ("verify_webhook", VerifyWebhookFn),
        ("free_error", _free_fn(Error)),
        ("free_buffer", _free_fn(Buffer)),
        ("free_callback_result", _free_fn(CallbackResult)),
        ("free_token_set", _free_fn(TokenSet)),
        ("free_http_request", _free_fn(HttpRequest)),
        ("free_classification", _free_fn(Classification)),
        ("free_webhook_event", _free_fn(WebhookEvent)),
    ]


GetApiFn = ctypes.CFUNCTYPE(ctypes.POINTER(ConnectorApi), ctypes.c_uint32)


def field_end(struct: type, field: str) -> int:
    """offsetof(struct, field) + sizeof(field): how large a struct must be to hold `field`."""
    descriptor = getattr(struct, field)
    return descriptor.offset + descriptor.size


def has_field(value: ctypes.Structure, field: str) -> bool:
    """CNX_HAS_FIELD: whether a struct the other side filled is large enough to hold `field`."""
    return value.struct_size >= field_end(type(value), field)


# Every enum the header declares, by its C name, with the prefix of its constants' C names
# (StatusCode.OK is CNX_STATUS_OK): the layout test walks this list.
ALL_ENUMS: dict[str, tuple[type[enum.IntEnum], str]] = {
    "cnx_status": (StatusCode, "CNX_STATUS_"),
    "cnx_log_level": (LogLevelCode, "CNX_LOG_"),
    "cnx_token_grant": (TokenGrantCode, "CNX_GRANT_"),
    "cnx_webhook_effect": (WebhookEffectCode, "CNX_WEBHOOK_EFFECT_"),
}

# Every struct the header declares, by its C name: the layout test walks this list.
ALL_STRUCTS: dict[str, type] = {
    "cnx_str": Str,
    "cnx_kv": Kv,
    "cnx_span": Span,
    "cnx_record": Record,
    "cnx_error": Error,
    "cnx_buffer": Buffer,
    "cnx_host_services": HostServices,
    "cnx_callback_result": CallbackResult,
    "cnx_token_set": TokenSet,
    "cnx_request": Request,
    "cnx_http_request": HttpRequest,
    "cnx_response": Response,
    "cnx_classification": Classification,
    "cnx_webhook_event": WebhookEvent,
    "cnx_connector_api": ConnectorApi,
}
