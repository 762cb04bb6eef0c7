"""What ``result_storage`` means, as Prefect 3's ``resolve_result_storage``.

``result_storage`` on ``@task``, ``@flow`` or ``with_options`` is one of:

- a storage block, saved or not, whose ``basepath`` is a local directory
  (``LocalFileSystem``; no ``basepath`` means the working directory, as the block);
- ``"<block-type-slug>/<block-document-name>"`` (``"local-file-system/my-results"``):
  that saved block, loaded (embedded or remote) the first time a run needs it,
  then remembered for the life of the runtime;
- a ``pathlib.Path``, or a string that is plainly a path (absolute, or
  starting with ``~`` or ``.``).

``check_result_storage`` rejects what can never work when the decorator is
applied; ``resolve_storage`` turns a value into a :class:`StorageLocation`. A
result written through a saved block records the block document's id
(``storage_block_id`` in its reference).
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[^/\\]+")

_HOW = (
    "give a file-system block with a 'basepath' (LocalFileSystem), "
    "'<block-type-slug>/<block-document-name>' of a saved one, or a pathlib.Path"
)

_loaded: weakref.WeakKeyDictionary[Any, dict[str, StorageLocation]] = weakref.WeakKeyDictionary()
_loaded_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class StorageLocation:
    """Where results go: a local directory and, when a saved block names it, its id."""

    basepath: Path
    storage_block_id: str | None = None


def check_result_storage(value: Any) -> None:
    """Raise now (``ValueError``/``TypeError``) if ``value`` can never store results.

    A slug is only checked for its shape here: its block is loaded by the first run.
    """
    if _kind(value) == "block":
        _block_location(value)


def resolve_storage(value: Any, default: Path) -> StorageLocation:
    """The location ``value`` means (``default`` when None); loads a block named by slug."""
    kind = _kind(value)
    if kind == "default":
        return StorageLocation(default)
    if kind == "path":
        return StorageLocation(Path(value).expanduser().resolve())
    if kind == "block":
        return _block_location(value)
    return _load_slug(value)


def _kind(value: Any) -> Literal["default", "path", "slug", "block"]:
    if value is None:
        return "default"
    if isinstance(value, os.PathLike):
        return "path"
    if isinstance(value, str):
        if value.startswith(("/", "~", ".")) or os.path.isabs(value):
            return "path"
        if _SLUG.fullmatch(value):
            return "slug"
        raise ValueError(
            f"result_storage {value!r} is not '<block-type-slug>/<block-document-name>' "
            f"(e.g. 'local-file-system/my-results'); {_HOW}"
        )
    if not hasattr(value, "basepath"):
        raise TypeError(f"result_storage {_describe(value)} cannot store results; {_HOW}")
    return "block"


def _describe(value: Any) -> str:
    slug = getattr(type(value), "get_block_type_slug", None)
    if callable(slug):
        return f"(a block of type {slug()!r})"
    return f"{value!r} (a {type(value).__name__})"


def _block_location(block: Any) -> StorageLocation:
    basepath = block.basepath
    remote = isinstance(basepath, str) and "://" in basepath
    if remote or (basepath is not None and not isinstance(basepath, str | os.PathLike)):
        raise TypeError(
            f"result_storage {_describe(block)} has basepath {basepath!r}, not a local "
            f"directory; {_HOW}"
        )
    directory = Path(basepath if basepath is not None else ".").expanduser().resolve()
    block_id = getattr(block, "_block_document_id", None)
    return StorageLocation(directory, None if block_id is None else str(block_id))


def _load_slug(slug: str) -> StorageLocation:
    """The block ``slug`` names, loaded once per runtime (errors are not remembered)."""
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    with _loaded_lock:
        known = _loaded.get(runtime, {}).get(slug)
    if known is not None:
        return known
    location = _block_location(_load_block(slug))
    with _loaded_lock:
        _loaded.setdefault(runtime, {})[slug] = location
    return location


def _load_block(slug: str) -> Any:
    import flowql.sdk.blocks.filesystems  # noqa: F401  (so 'local-file-system' is known)
    from flowql.sdk.blocks.core import Block

    load: Any = Block.load  # sync even when called from async code: the engine waits here
    try:
        block = load(slug, _sync=True)
    except ValueError as error:
        raise ValueError(f"result_storage {slug!r} cannot be loaded: {error}") from error
    if not hasattr(block, "basepath"):
        raise TypeError(f"result_storage {slug!r} {_describe(block)} cannot store results; {_HOW}")
    return block
