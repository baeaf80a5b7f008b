#!/usr/bin/python3
"""sign_request.py: a connector host in Python, with nothing but the standard library.

Loads a connector plugin with ctypes, describes it, opens a connection from connector-host's
connection and OAuth client manifests, signs one request and prints it as one JSON object, in
the shape `connector-host sign` prints:

    {"method": ..., "url": ..., "headers": {...}, "body": ...}

Nothing is sent. Secrets never appear: header and query values equal to one print as ********,
and a request that would still reveal one is not printed.

Exit codes: 0 printed; 1 the connector refused (the plugin cannot be loaded, it speaks another
ABI major, or it refused the request); 2 bad usage or a manifest problem (the connector's
refusal of the config included).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import urllib.parse
from pathlib import Path
from typing import Optional

import connector_abi as abi
from connector_library import (
    Connection,
    Connector,
    ConnectorCallError,
    ConnectorRefusal,
    InputArena,
    SignedRequest,
)
from host_manifests import ManifestProblem, read_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MASK = "********"
PROGRAM = "sign_request.py"


class UsageProblem(Exception):
    """A command-line value that cannot be used; the message names the flag."""


def positive_seconds(value: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise argparse.ArgumentTypeError(f"takes Unix seconds (a positive integer), not '{value}'")
    return int(value)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description=__doc__.split("\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    option = parser.add_argument
    option("--plugin", required=True, metavar="LIBRARY", help="the connector library (.so)")
    option("--connection", required=True, type=Path, metavar="FILE", help="a connection manifest")
    option("--oauth-client", required=True, type=Path, metavar="FILE", help="its OAuth client")
    option("--method", required=True, help="GET, POST, PUT, DELETE or PATCH")
    option("--url", required=True, help="absolute URL, or /path?query (the API host is used)")
    option("--body-file", type=Path, metavar="FILE", help="the body, signed as its exact bytes")
    option("--content-type", default="", metavar="TYPE", help="default: the connector's")
    option("--timestamp", type=positive_seconds, default=0, metavar="SECONDS",
           help="Unix seconds to sign with (default: now)")
    option("--access-token-env", default="", metavar="NAME",
           help="an access token from this environment variable (printed masked)")
    option("--shop", default="", metavar="CIPHER", help="the shop credential")
    option("--query", action="append", default=[], metavar="KEY=VALUE",
           help="an extra query parameter, decoded value (repeatable)")
    return parser.parse_args(argv)


def query_pairs(values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, equals, decoded = value.partition("=")
        if not equals or not key:
            raise UsageProblem(f"--query takes KEY=VALUE, not '{value}'")
        pairs.append((key, decoded))
    return pairs


def read_body(path: Optional[Path]) -> Optional[bytes]:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as e:
        raise UsageProblem(f"--body-file {path}: cannot read it: {e.strerror}") from None


def access_token(env_name: str) -> str:
    if not env_name:
        return ""
    token = os.environ.get(env_name, "")
    if not token:
        raise UsageProblem(f"--access-token-env: environment variable {env_name} is not set")
    return token


def log_to_stderr(_context: Optional[int], level: int, message: int, length: int) -> None:
    """The plugin's log lines (never a secret, the ABI promises) go to stderr."""
    text = abi.ctypes.string_at(message, length).decode("utf-8", "replace")
    level_name = abi.code_name(abi.LogLevelCode, level).lower()
    print(f"{PROGRAM}: plugin {level_name}: {text}", file=sys.stderr)


def host_services() -> abi.HostServices:
    """A log sink and no clock (the plugin then uses the system clock)."""
    services = abi.HostServices()
    services.struct_size = abi.ctypes.sizeof(abi.HostServices)
    services.log = abi.LogFn(log_to_stderr)
    return services


def describe(connector: Connector) -> dict[str, object]:
    """The describe document, checked against the table, and a line on stderr about it."""
    try:
        document = json.loads(connector.describe())
    except ValueError as e:
        raise ConnectorRefusal(f"describe returned a document that is not JSON: {e}") from None
    if not isinstance(document, dict) or document.get("id") != connector.connector_id:
        raise ConnectorRefusal(
            f"describe names another connector than the table ({connector.connector_id})"
        )
    version = document.get("abi", {})
    print(
        f"{PROGRAM}: connector {document['id']} {document.get('version', '?')} "
        f"(ABI {version.get('major')}.{version.get('minor')}), "
        f"{len(document.get('endpoints', {}))} endpoints",
        file=sys.stderr,
    )
    return document


def sign(
    connection: Connection, args: argparse.Namespace, body: Optional[bytes], token: str
) -> SignedRequest:
    with InputArena() as arena:
        request = abi.Request()
        request.struct_size = abi.ctypes.sizeof(abi.Request)
        request.method = arena.str(args.method)
        request.url = arena.str(args.url)
        request.query, request.query_count = arena.kvs(query_pairs(args.query))
        request.body = arena.str(body or b"")
        request.content_type = arena.str(args.content_type)
        request.access_token = arena.str(token)
        request.scope_credential = arena.str(args.shop)
        request.timestamp = args.timestamp
        return connection.sign(request)


def is_secret(value: str, secrets: list[str]) -> bool:
    """Equal to a secret, or "Scheme <secret>" (a token behind a scheme word)."""
    return any(s and (value == s or value.endswith(" " + s)) for s in secrets)


def masked_url(url: str, secrets: list[str]) -> str:
    base, question, rest = url.partition("?")
    if not question:
        return url
    query, hash_mark, fragment = rest.partition("#")
    pairs = []
    for pair in query.split("&"):
        key, equals, value = pair.partition("=")
        secret = equals and is_secret(urllib.parse.unquote_plus(value), secrets)
        pairs.append(f"{key}={MASK}" if secret else pair)
    return f"{base}?{'&'.join(pairs)}{hash_mark}{fragment}"


def printed(signed: SignedRequest, body: Optional[bytes], secrets: list[str]) -> str:
    """The request as one JSON line, secrets masked; raises when one would still show."""
    head = {
        "method": signed.method,
        "url": masked_url(signed.url, secrets),
        "headers": {k: MASK if is_secret(v, secrets) else v for k, v in signed.headers},
    }
    head_text = json.dumps(head, ensure_ascii=False)
    if any(len(s) >= 4 and s in head_text for s in secrets):
        raise ConnectorCallError("printing", "INTERNAL", "the request would reveal a secret", "")
    output: dict[str, object] = dict(head, body=None)
    if body is not None:
        try:
            output["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            output["body_base64"] = base64.b64encode(body).decode("ascii")
    return json.dumps(output, ensure_ascii=False, separators=(",", ":"))


def run(args: argparse.Namespace) -> str:
    body = read_body(args.body_file)
    token = access_token(args.access_token_env)
    config = read_config(args.connection, args.oauth_client)
    connector = Connector(args.plugin)
    describe(connector)
    if connector.connector_id != config.connector:
        raise ManifestProblem(
            f"{args.connection}: /connector: is {config.connector}, but the plugin is "
            f"{connector.connector_id}"
        )
    try:
        opened = connector.open(config.json_text, host_services())
    except ConnectorCallError as e:
        fields = f" {e.details_json}" if e.details_json else ""
        refusal = f"{args.connection}: the connector refused the config: {e}{fields}"
        raise ManifestProblem(refusal) from None
    with opened as connection:
        signed = sign(connection, args, body, token)
    return printed(signed, body, config.secrets + [token])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        print(run(args))
    except (UsageProblem, ManifestProblem) as e:
        print(f"{PROGRAM}: {e}", file=sys.stderr)
        return EXIT_USAGE
    except (ConnectorRefusal, ConnectorCallError) as e:
        print(f"{PROGRAM}: {e}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
