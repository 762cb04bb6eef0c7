"""Where persisted results live: a local directory, one file per result.

A result file is written atomically (a temporary file in the same directory,
then ``os.replace``), so a reader sees the old file or the new one, never half
of one. It starts with one line of JSON metadata (the storage key, the
serializer, the expiration) followed by the serialized value.

A state that points at a persisted result carries a *result reference* in its
``data``, a JSON object any process (and the API) can read::

    {"storage_key": "3f2a...", "storage": {"type": "local", "basepath": "/home/me/.flowql/storage"},
     "serializer": {"type": "pickle"}, "expiration": "2030-01-01T00:00:00+00:00" | null}

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flowql.sdk.results.serializers import (
    SerializationError,
    Serializer,
    resolve_serializer,
    serializer_of_type,
)

_MAGIC = b"flowql-result/1\n"
LOCK_DIR = ".locks"


class ResultNotFound(LookupError):
    """No readable result is stored under the key (missing, or not a result file)."""


@dataclass(frozen=True, slots=True)
class ResultRecordMetadata:
    """What is known about a persisted result without reading its value."""

    storage_key: str
    serializer: str
    basepath: str
    expiration: datetime | None = None

    def is_expired(self, now: datetime | None = None) -> bool:
        """Whether the result is too old to serve as a cache hit."""
        return self.expiration is not None and self.expiration <= (now or datetime.now(UTC))

    def reference(self) -> dict[str, Any]:
        """The JSON reference a state's ``data`` carries (see the module docstring)."""
        return {
            "storage_key": self.storage_key,
            "storage": {"type": "local", "basepath": self.basepath},
            "serializer": {"type": self.serializer},
            "expiration": None if self.expiration is None else self.expiration.isoformat(),
        }

    @classmethod
    def from_reference(cls, reference: dict[str, Any]) -> ResultRecordMetadata:
        """Metadata from a state's result reference (``ResultNotFound`` if malformed)."""
        try:
            expiration = reference.get("expiration")
            return cls(
                storage_key=str(reference["storage_key"]),
                serializer=str(reference["serializer"]["type"]),
                basepath=str(reference["storage"]["basepath"]),
                expiration=None if expiration is None else datetime.fromisoformat(expiration),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ResultNotFound(f"not a result reference: {reference!r}") from error


@dataclass(frozen=True, slots=True)
class ResultRecord:
    """A persisted result: its metadata and its value."""

    metadata: ResultRecordMetadata
    result: Any


def storage_path(result_storage: Any, default: Path) -> Path:
    """The directory ``result_storage`` means: a path, a block with a ``basepath``, or default."""
    if result_storage is None:
        return default
    if isinstance(result_storage, str | os.PathLike):
        return Path(result_storage).expanduser().resolve()
    basepath = getattr(result_storage, "basepath", None)
    if basepath is None:
        raise TypeError(
            f"result_storage {result_storage!r} is not supported; give a directory path "
            "or a block with a 'basepath' (LocalFileSystem)"
        )
    return Path(basepath).expanduser().resolve()


class ResultStore:
    """Persisted results under ``basepath`` written with ``serializer`` (as Prefect's)."""

    def __init__(self, basepath: Path | str, serializer: str | Serializer | None = None) -> None:
        self.basepath = Path(basepath)
        self.serializer = resolve_serializer(serializer)

    def path_for(self, key: str) -> Path:
        """The file of ``key``; keys may use ``/`` for folders but never leave ``basepath``."""
        parts = Path(key).parts
        if not key or Path(key).is_absolute() or ".." in parts or key.startswith("."):
            raise ValueError(f"invalid result storage key {key!r}")
        return self.basepath / key

    def write(self, key: str, obj: Any, expiration: datetime | None = None) -> ResultRecord:
        """Persist ``obj`` under ``key`` atomically; ``SerializationError`` if it cannot be."""
        payload = self.serializer.dumps(obj)
        metadata = ResultRecordMetadata(key, self.serializer.type, str(self.basepath), expiration)
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

    @contextlib.contextmanager
    def lock(self, key: str, timeout: float = -1) -> Iterator[None]:
        """Hold the lock of ``key`` (a file lock: it works across processes and threads)."""
        from filelock import FileLock

        path = self.basepath / LOCK_DIR / f"{key.replace('/', '_')}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path), timeout=timeout, thread_local=False):
            yield


def _read_file(path: Path, *, header_only: bool = False) -> tuple[ResultRecordMetadata, bytes]:
    try:
        with open(path, "rb") as file:
            magic = file.readline()
            header = file.readline()
            payload = b"" if header_only else file.read()
    except OSError as error:
        raise ResultNotFound(f"no result file at {path}") from error
    if magic != _MAGIC or not header.endswith(b"\n"):
        raise ResultNotFound(f"{path} is not a flowql result file")
    try:
        reference = json.loads(header)
    except ValueError as error:
        raise ResultNotFound(f"{path} has unreadable metadata") from error
    return ResultRecordMetadata.from_reference(reference), payload


@functools.lru_cache(maxsize=64)
def result_store(basepath: str, serializer: Serializer) -> ResultStore:
    """One store per (directory, serializer): tasks share them."""
    return ResultStore(basepath, serializer)


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
