"""connector_library.py: a connector plugin loaded with ctypes, and the calls this example makes.

Loading follows the ABI's rules (host-api/ABI.md): the one entry symbol is asked for this host's
major, the table's own struct_size is checked before any field is read, a table of another major
is refused with a sentence naming both majors, and a function is called only when the table is
long enough to hold it and it is not NULL.

OWNERSHIP: every output the plugin hands out is copied into Python objects and released at once
with the table's matching free function (free_buffer, free_http_request, free_error), inside a
`finally`, so that no path leaks it. A Connection must be closed (it is a context manager); the
library stays loaded for as long as the Connector object lives.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import Callable, NoReturn, Optional

import connector_abi as abi


class ConnectorRefusal(Exception):
    """The plugin cannot be used by this host (missing, another ABI major, a short table)."""


class ConnectorCallError(Exception):
    """A connector call failed; `status` is the cnx_status name, the message is the plugin's."""

    def __init__(self, call: str, status: str, message: str, details_json: str) -> None:
        super().__init__(f"{call} failed ({status}): {message}")
        self.status = status
        self.details_json = details_json


@dataclass(frozen=True)
class SignedRequest:
    """What sign_request returned, copied out of the plugin's cnx_http_request."""

    method: str
    url: str
    headers: list[tuple[str, str]]


def str_bytes(value: abi.Str) -> bytes:
    """The bytes of a cnx_str (len 0 is empty; data may then be NULL)."""
    if value.len == 0:
        return b""
    return ctypes.string_at(value.data, value.len)


def str_text(value: abi.Str) -> str:
    """A cnx_str the ABI promises to be UTF-8, as text."""
    return str_bytes(value).decode("utf-8")


class InputArena:
    """Keeps the C copies behind borrowed cnx_str inputs alive until the call returns.

    Use it as a context manager: on exit every copy is overwritten with zeros, so that a secret
    passed in (the config, an access token) does not linger in these buffers. (Python's own
    bytes and str objects cannot be wiped; a host that must guarantee it keeps secrets in
    ctypes buffers from the start.)
    """

    def __init__(self) -> None:
        self._keep: list[object] = []

    def __enter__(self) -> InputArena:
        return self

    def __exit__(self, *_: object) -> None:
        for kept in self._keep:
            ctypes.memset(kept, 0, ctypes.sizeof(kept))
        self._keep.clear()

    def str(self, value: bytes | str) -> abi.Str:
        data = value.encode("utf-8") if isinstance(value, str) else value
        if not data:
            return abi.Str(None, 0)
        buffer = ctypes.create_string_buffer(data, len(data))
        self._keep.append(buffer)
        return abi.Str(ctypes.cast(buffer, ctypes.c_void_p), len(data))

    def kvs(self, pairs: list[tuple[str, str]]) -> tuple[ctypes.Array | None, int]:
        """A `const cnx_kv*` and its count; NULL for an empty list."""
        if not pairs:
            return None, 0
        array = (abi.Kv * len(pairs))(*(abi.Kv(self.str(k), self.str(v)) for k, v in pairs))
        self._keep.append(array)
        return array, len(pairs)


# The functions this example calls: the table must be long enough to hold each, and none NULL.
REQUIRED_FUNCTIONS = (
    "describe",
    "connection_open",
    "connection_close",
    "sign_request",
    "free_error",
    "free_buffer",
    "free_http_request",
)


def _check_table(api: abi.ConnectorApi, path: str) -> None:
    """Raises ConnectorRefusal unless the table is of this major and has what this host calls."""
    if not abi.has_field(api, "abi_minor"):
        raise ConnectorRefusal(
            f"connector library {path}: its table is {api.struct_size} bytes, too short to say "
            "its ABI version"
        )
    if api.abi_major != abi.ABI_MAJOR:
        raise ConnectorRefusal(
            f"connector library {path} speaks ABI major {api.abi_major}; "
            f"this host speaks {abi.ABI_MAJOR}"
        )
    for name in REQUIRED_FUNCTIONS:
        if not abi.has_field(api, name) or not getattr(api, name):
            raise ConnectorRefusal(
                f"connector library {path}: its function table lacks {name}, which this host calls"
            )


def _entry(library: ctypes.CDLL, path: str) -> Callable[[int], object]:
    try:
        symbol = getattr(library, abi.ENTRY_SYMBOL)
    except AttributeError:
        raise ConnectorRefusal(
            f"connector library {path} does not export {abi.ENTRY_SYMBOL}"
        ) from None
    return abi.GetApiFn(ctypes.cast(symbol, ctypes.c_void_p).value)


class Connector:
    """A loaded connector library and its checked function table."""

    def __init__(self, path: str) -> None:
        if not os.path.isfile(path):
            raise ConnectorRefusal(f"connector library {path} does not exist")
        try:
            self._library = ctypes.CDLL(path, mode=os.RTLD_NOW | os.RTLD_LOCAL)
        except OSError as e:
            raise ConnectorRefusal(f"connector library {path} does not load: {e}") from None
        table = _entry(self._library, path)(abi.ABI_MAJOR)
        if not table:
            raise ConnectorRefusal(
                f"connector library {path}: {abi.ENTRY_SYMBOL} returned no table for ABI major "
                f"{abi.ABI_MAJOR}"
            )
        self.api: abi.ConnectorApi = table.contents
        _check_table(self.api, path)

    @property
    def connector_id(self) -> str:
        return (self.api.connector_id or b"").decode("utf-8")

    def raise_failure(self, call: str, status: int, error: ctypes._Pointer) -> NoReturn:
        """Raises the call's failure, releasing the cnx_error (which may be NULL) first."""
        message, details = "the connector gave no explanation", ""
        if status == abi.StatusCode.OK:  # success without the output it promised
            status, message = abi.StatusCode.INTERNAL, "the connector returned no output"
        try:
            if error and abi.has_field(error.contents, "details_json"):
                message = str_text(error.contents.message) or message
                details = str_text(error.contents.details_json)
        finally:
            self.api.free_error(error)
        raise ConnectorCallError(call, abi.code_name(abi.StatusCode, status), message, details)

    def describe(self) -> str:
        """The describe document (JSON text)."""
        out = ctypes.POINTER(abi.Buffer)()
        error = ctypes.POINTER(abi.Error)()
        status = self.api.describe(ctypes.byref(out), ctypes.byref(error))
        try:
            if status != abi.StatusCode.OK or not out:
                self.raise_failure("describe", status, error)
            return str_text(out.contents.bytes)
        finally:
            self.api.free_buffer(out)

    def open(self, config_json: bytes, host: Optional[abi.HostServices]) -> Connection:
        """Opens a connection; `host` must outlive it (the Connection keeps a reference)."""
        handle = abi.ConnectionHandle()
        error = ctypes.POINTER(abi.Error)()
        host_pointer = ctypes.byref(host) if host is not None else None
        with InputArena() as arena:
            status = self.api.connection_open(
                host_pointer, arena.str(config_json), ctypes.byref(handle), ctypes.byref(error)
            )
        if status != abi.StatusCode.OK or not handle:
            self.api.connection_close(handle)  # NULL is a no-op
            self.raise_failure("connection_open", status, error)
        return Connection(self, handle, host)


class Connection:
    """An open cnx_connection. Close it (or use `with`) before the Connector goes away."""

    def __init__(
        self, connector: Connector, handle: abi.ConnectionHandle, host: Optional[abi.HostServices]
    ) -> None:
        self._connector = connector
        self._handle = handle
        self._host = host  # the plugin may call into it until the handle is closed

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._handle:
            self._connector.api.connection_close(self._handle)
            self._handle = abi.ConnectionHandle()

    def sign(self, request: abi.Request) -> SignedRequest:
        """Signs a filled cnx_request (its inputs must stay alive for the call)."""
        api = self._connector.api
        out = ctypes.POINTER(abi.HttpRequest)()
        error = ctypes.POINTER(abi.Error)()
        status = api.sign_request(
            self._handle, ctypes.byref(request), ctypes.byref(out), ctypes.byref(error)
        )
        try:
            if status != abi.StatusCode.OK or not out:
                self._connector.raise_failure("sign_request", status, error)
            return _copy_signed(out.contents)
        finally:
            api.free_http_request(out)


def _copy_signed(signed: abi.HttpRequest) -> SignedRequest:
    if not abi.has_field(signed, "header_count"):
        raise ConnectorCallError("sign_request", "INTERNAL", "a signed request too short", "")
    headers = [
        (str_text(signed.headers[i].key), str_text(signed.headers[i].value))
        for i in range(signed.header_count)
    ]
    return SignedRequest(str_text(signed.method), str_text(signed.url), headers)
