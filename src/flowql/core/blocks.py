"""Blocks: the rules shared by the server's services and the SDK's ``Block``.

A block schema is a JSON Schema plus Prefect's two extra keys:
``secret_fields`` (dotted paths of the fields holding secrets; ``"x.*"`` means
every value of the dict ``x``, Prefect's ``SecretDict``) and
``block_schema_references`` (the fields that hold other blocks). The same
schema registers once, under its checksum: ``sha256:`` and the hex digest of
its canonical JSON (sorted keys, no spaces), as Prefect's. Secret values are
shown as ``OBFUSCATED`` unless a caller asks for them; a value saved back as
``OBFUSCATED`` keeps the stored secret.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

OBFUSCATED = "********"
"""What a secret value looks like to whoever did not ask to reveal it (Prefect's)."""

MAX_BLOCK_NAME_LENGTH = 255
_NAME = re.compile(r"[a-z0-9-]+")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def schema_checksum(fields: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of the canonical JSON of a block schema's ``fields``."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def block_document_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a block document, or None (Prefect's rule: lowercase
    letters, numbers and dashes)."""
    if not name:
        return "block document name must not be empty"
    if len(name) > MAX_BLOCK_NAME_LENGTH:
        return f"block document name is {len(name)} characters long; the limit is 255"
    if not _NAME.fullmatch(name):
        return (
            f"block document name {name!r} must only contain lowercase letters, numbers and dashes"
        )
    return None


def block_type_slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a block type's slug, or None."""
    if not _SLUG.fullmatch(slug):
        return f"block type slug {slug!r} must be lowercase words joined by dashes"
    return None


def slugify(name: str) -> str:
    """``"Local File System"`` -> ``"local-file-system"`` (a block type's default slug)."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def secret_fields(fields: Mapping[str, Any]) -> list[str]:
    """The ``secret_fields`` of a block schema (none if it has no such key)."""
    found = fields.get("secret_fields") or []
    return [str(path) for path in found]


def secret_locations(
    data: Any, paths: list[str]
) -> Iterator[tuple[dict[str, Any], str, tuple[str, ...]]]:
    """Each (dict, key, path from ``data``) where a secret value sits, by ``paths``."""
    for path in paths:
        yield from _locate(data, path.split("."), ())


def _locate(
    node: Any, parts: list[str], at: tuple[str, ...]
) -> Iterator[tuple[dict[str, Any], str, tuple[str, ...]]]:
    if not isinstance(node, dict) or not parts:
        return
    head, rest = parts[0], parts[1:]
    keys = list(node) if head == "*" else [head] if head in node else []
    for key in keys:
        if rest:
            yield from _locate(node[key], rest, (*at, key))
        elif node[key] is not None:
            yield node, key, (*at, key)


def map_secrets(data: Any, paths: list[str], change: Callable[[Any], Any]) -> Any:
    """A copy of ``data`` whose secret values are replaced by ``change(value)``."""
    copied = json.loads(json.dumps(data))
    for parent, key, _ in secret_locations(copied, paths):
        parent[key] = change(parent[key])
    return copied


def obfuscate(data: Any, paths: list[str]) -> Any:
    """A copy of ``data`` with every secret value shown as ``OBFUSCATED``."""
    return map_secrets(data, paths, lambda _: OBFUSCATED)
