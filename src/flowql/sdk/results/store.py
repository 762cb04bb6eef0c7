"""Where persisted results live: a local directory, one file per result.

A result file is written atomically (a temporary file in the same directory,
then ``os.replace``), so a reader sees the old file or the new one, never half
of one. Its format, and the *result reference* a state's ``data`` carries,
are in ``flowql.core.result_files`` (the API reads them too).

``load_reference`` reads the value back; ``ResultStore`` is the Prefect-like API.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flowql.core.result_files import MAGIC as _MAGIC
from flowql.core.result_files import ResultNotFound, ResultRecordMetadata, result_path
from flowql.core.result_files import read_result_file as _read_file
from flowql.sdk.results.serializers import (
    SerializationError,
    Serializer,
    resolve_serializer,
    serializer_of_type,
)

LOCK_DIR = ".locks"


@dataclass(frozen=True, slots=True)
class ResultRecord:
    """A persisted result: its metadata and its value."""

    metadata: ResultRecordMetadata
    result: Any


class ResultStore:
    """Persisted results under ``basepath`` written with ``serializer`` (as Prefect's).

    ``ResultStore()`` is the default storage (``FLOWQL_HOME/storage``);
    ``ResultStore(result_storage=...)`` takes what ``result_storage`` on a task
    takes (a storage block, its ``"<block-type-slug>/<name>"``, a path).
    ``storage_block_id`` names the saved storage block the directory comes from,
    recorded in every result written here.
    """

    def __init__(
        self,
        basepath: Path | str | None = None,
        serializer: str | Serializer | None = None,
        storage_block_id: str | None = None,
        *,
        result_storage: Any = None,
    ) -> None:
        if result_storage is not None:
            if basepath is not None or storage_block_id is not None:
                raise ValueError("give result_storage or basepath (and storage_block_id), not both")
            from flowql.sdk.results.storage import resolve_storage

            location = resolve_storage(result_storage, _default_basepath())
            basepath, storage_block_id = location.basepath, location.storage_block_id
        self.basepath = Path(basepath) if basepath is not None else _default_basepath()
        self.serializer = resolve_serializer(serializer)
        self.storage_block_id = storage_block_id

    def __repr__(self) -> str:
        return f"ResultStore(basepath={str(self.basepath)!r}, serializer={self.serializer!r})"

    def path_for(self, key: str) -> Path:
        """The file of ``key``; keys may use ``/`` for folders but never leave ``basepath``."""
        return result_path(self.basepath, key)

    def write(self, key: str, obj: Any, expiration: datetime | None = None) -> ResultRecord:
        """Persist ``obj`` under ``key`` atomically; ``SerializationError`` if it cannot be."""
        payload = self.serializer.dumps(obj)
        metadata = ResultRecordMetadata(
            key, self.serializer.type, str(self.basepath), expiration, self.storage_block_id
        )
        header = json.dumps(metadata.reference()).encode()
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_MAGIC + header + b"\n" + payload)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return ResultRecord(metadata, obj)

    def read(self, key: str) -> ResultRecord:
        """The result under ``key``; ``ResultNotFound`` or ``SerializationError`` if unreadable."""
        metadata, payload = _read_file(self.path_for(key))
        serializer = (
            self.serializer
            if metadata.serializer == self.serializer.type
            else serializer_of_type(metadata.serializer)
        )
        return ResultRecord(metadata, serializer.loads(payload))

    def read_metadata(self, key: str) -> ResultRecordMetadata | None:
        """The metadata under ``key``, or None when there is no readable result file."""
        try:
            return _read_file(self.path_for(key), header_only=True)[0]
        except ResultNotFound:
            return None

    def exists(self, key: str) -> bool:
        """Whether an unexpired result is stored under ``key``."""
        metadata = self.read_metadata(key)
        return metadata is not None and not metadata.is_expired()

    async def aread(self, key: str) -> ResultRecord:
        """``read`` for async code."""
        return self.read(key)

    async def awrite(self, key: str, obj: Any, expiration: datetime | None = None) -> ResultRecord:
        """``write`` for async code."""
        return self.write(key, obj, expiration)

    async def aexists(self, key: str) -> bool:
        """``exists`` for async code."""
        return self.exists(key)

    def supports_isolation_level(self, level: Any) -> bool:
        """Every isolation level: SERIALIZABLE locks with a file lock per key."""
        from flowql.sdk.results.isolation import IsolationLevel

        return isinstance(level, IsolationLevel)

    @contextlib.contextmanager
    def lock(self, key: str, timeout: float = -1) -> Iterator[None]:
        """Hold the lock of ``key`` (a file lock: it works across processes and threads)."""
        from filelock import FileLock

        path = self.basepath / LOCK_DIR / f"{key.replace('/', '_')}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path), timeout=timeout, thread_local=False):
            yield


def _default_basepath() -> Path:
    from flowql.settings import Settings

    return Settings().effective_storage_path


@functools.lru_cache(maxsize=64)
def result_store(
    basepath: str, serializer: Serializer, storage_block_id: str | None = None
) -> ResultStore:
    """One store per (directory, serializer, block): tasks share them."""
    return ResultStore(basepath, serializer, storage_block_id)


def load_reference(reference: dict[str, Any]) -> Any:
    """The value a result reference points at, whatever process wrote it.

    Raises ``MissingResult`` when the file is gone or unreadable.
    """
    from flowql.exceptions import MissingResult

    try:
        metadata = ResultRecordMetadata.from_reference(reference)
        store = result_store(metadata.basepath, serializer_of_type(metadata.serializer))
        return store.read(metadata.storage_key).result
    except (ResultNotFound, SerializationError, ValueError) as error:
        raise MissingResult(f"the persisted result cannot be read: {error}") from error
