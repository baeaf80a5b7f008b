"""host_manifests.py: the connector config this example opens, from connector-host's manifests.

A connection manifest and the OAuth client manifest it names (manifests/examples/ holds both
kinds) become the one JSON object a connector's connection_open takes, assembled the way
connector-host assembles it:

    {"name": <connection name>,
     "oauth_client": {<client fields>, <client secrets>},
     <settings>..., <secrets>...}

Secrets are references, {"env": NAME} or {"file": PATH} (a relative PATH is relative to the
manifest's folder; one trailing newline is dropped). Which fields are secrets is up to the
connector's schema; here any value that is such a reference is resolved. This is a reader for
the example, not the host's validator: the connector itself judges every field at open.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Keys of an OAuth client manifest that are about the manifest, not fields for the connector.
_CLIENT_MANIFEST_KEYS = ("name", "connector", "$schema", "description")


class ManifestProblem(Exception):
    """A manifest that cannot be read; the message names the file and the JSON pointer."""


@dataclass
class ConnectorConfig:
    """The config JSON and every secret in it (so that output can be checked for them)."""

    connector: str
    json_text: bytes
    secrets: list[str] = field(default_factory=list)


def _read_object(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_bytes())
    except OSError as e:
        raise ManifestProblem(f"{path}: cannot read it: {e.strerror}") from None
    except ValueError as e:
        raise ManifestProblem(f"{path}: is not valid JSON ({e})") from None
    if not isinstance(document, dict):
        raise ManifestProblem(f"{path}: must be a JSON object")
    return document


def _string(document: dict[str, Any], key: str, path: Path) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value:
        raise ManifestProblem(f"{path}: /{key}: is required (a non-empty string)")
    return value


def _is_reference(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and ("env" in value or "file" in value)


def _resolve(reference: dict[str, str], pointer: str, path: Path) -> str:
    """The secret a reference names."""
    if "env" in reference:
        name = reference["env"]
        value = os.environ.get(name, "")
        if not value:
            raise ManifestProblem(f"{path}: {pointer}: environment variable {name} is not set")
        return value
    secret_file = path.parent / reference["file"]
    try:
        value = secret_file.read_text(encoding="utf-8").removesuffix("\n").removesuffix("\r")
    except (OSError, UnicodeError) as e:
        problem = f"{path}: {pointer}: cannot read secret file {secret_file}: {e}"
        raise ManifestProblem(problem) from None
    if not value:
        raise ManifestProblem(f"{path}: {pointer}: secret file {secret_file} is empty")
    return value


def _fields(
    members: dict[str, Any], pointer: str, path: Path, secrets: list[str]
) -> dict[str, Any]:
    """The members with every secret reference replaced by its secret (added to `secrets`)."""
    out: dict[str, Any] = {}
    for key, value in members.items():
        if _is_reference(value):
            value = _resolve(value, f"{pointer}/{key}", path)
            secrets.append(value)
        out[key] = value
    return out


def _object_member(document: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ManifestProblem(f"{path}: /{key}: must be an object")
    return value


def read_config(connection_path: Path, oauth_client_path: Path) -> ConnectorConfig:
    """The connector config for a connection manifest and its OAuth client manifest."""
    connection = _read_object(connection_path)
    client = _read_object(oauth_client_path)
    connector = _string(connection, "connector", connection_path)
    named_client = _string(connection, "oauth_client", connection_path)
    if _string(client, "name", oauth_client_path) != named_client:
        raise ManifestProblem(
            f"{connection_path}: /oauth_client: names OAuth client {named_client}, but "
            f"{oauth_client_path} is {client['name']}"
        )
    if _string(client, "connector", oauth_client_path) != connector:
        raise ManifestProblem(
            f"{oauth_client_path}: /connector: is {client['connector']}, but the connection's "
            f"connector is {connector}"
        )
    secrets: list[str] = []
    client_members = {k: v for k, v in client.items() if k not in _CLIENT_MANIFEST_KEYS}
    config: dict[str, Any] = {
        "name": _string(connection, "name", connection_path),
        "oauth_client": _fields(client_members, "", oauth_client_path, secrets),
    }
    for group in ("settings", "secrets"):
        members = _object_member(connection, group, connection_path)
        config.update(_fields(members, f"/{group}", connection_path, secrets))
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return ConnectorConfig(connector, text, secrets)
