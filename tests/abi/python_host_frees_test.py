#!/usr/bin/python3
"""python_host_frees_test.py: the Python host releases every output the plugin hands it.

    python_host_frees_test.py PLUGIN EXAMPLE_DIR MANIFEST_DIR

Drives the example's own code (describe, connection_open and connection_close, sign_request,
a refused request and a refused config) a thousand times in this process and measures glibc's
heap in use (mallinfo2().uordblks) before and after. Each round allocates a describe buffer of
about 100 KB, a connection, a signed request and two errors in the plugin; one of them left
unreleased per round grows the heap by at least its size, far beyond the allowance below.
Exit code 0 when the heap stays flat, 1 otherwise.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

ROUNDS = 1000
WARM_UP_ROUNDS = 50
ALLOWED_GROWTH_PER_ROUND = 64  # bytes: less than the smallest output (an error) occupies


class MallInfo2(ctypes.Structure):
    """glibc's struct mallinfo2 (glibc 2.33 and later)."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]


def heap_in_use() -> int:
    """Bytes of the heap in use now, mmapped blocks included."""
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = MallInfo2
    info = mallinfo2()
    return info.uordblks + info.hblkhd


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage:\n{__doc__.split(chr(10) * 2)[1]}", file=sys.stderr)
        return 2
    plugin, example_dir, manifests = argv[0], argv[1], Path(argv[2])
    sys.path.insert(0, example_dir)
    # The example's own modules: what is measured is the code a user runs.
    import sign_request
    from connector_library import ConnectorCallError, Connector
    from host_manifests import read_config

    os.environ.setdefault("SANDBOX_APP_SECRET", "sandbox_app_secret")
    flags = [
        "--plugin", plugin,
        "--connection", str(manifests / "demo-connection.json"),
        "--oauth-client", str(manifests / "demo-oauth-client.json"),
        "--timestamp", "1623812664",
    ]
    good = sign_request.parse_args(
        flags + ["--method", "POST", "--url", "/order/202309/orders/search", "--shop", "CIPHER-1",
                 "--query", "page_size=20"]
    )
    refused = sign_request.parse_args(flags + ["--method", "GET", "--url", "ftp://nowhere"])
    config = read_config(good.connection, good.oauth_client)
    connector = Connector(plugin)

    def one_round() -> None:
        connector.describe()
        with connector.open(config.json_text, sign_request.host_services()) as connection:
            sign_request.sign(connection, good, b'{"order_status":"UNPAID"}', "token-1")
            try:
                sign_request.sign(connection, refused, None, "")
                raise AssertionError("the connector signed ftp://nowhere")
            except ConnectorCallError:
                pass  # its cnx_error was released before the exception was raised
        try:
            connector.open(b'{"name":"incomplete"}', None)
            raise AssertionError("the connector opened an incomplete config")
        except ConnectorCallError:
            pass

    for _ in range(WARM_UP_ROUNDS):
        one_round()
    before = heap_in_use()
    for _ in range(ROUNDS):
        one_round()
    growth = heap_in_use() - before
    allowed = ROUNDS * ALLOWED_GROWTH_PER_ROUND
    print(f"{ROUNDS} rounds: the heap grew by {growth} bytes (allowed: {allowed})")
    if growth > allowed:
        print(f"FAILED the heap grew by {growth} bytes over {ROUNDS} rounds: an output is not "
              "released with its free function (or a connection not closed)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
