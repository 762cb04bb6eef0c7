"""The file format of persisted results, shared by the SDK (which writes and reads
them) and the API (which shows a state's result).

A result file starts with the line ``flowql-result/1``, then one line of JSON
metadata (the result reference below), then the serialized value. A state
that points at a persisted result carries the same *result reference* in its
``data``::

    {"storage_key": "3f2a...", "storage": {"type": "local", "basepath": "/home/me/.flowql/storage"},
     "serializer": {"type": "pickle"}, "expiration": "2030-01-01T00:00:00+00:00" | null,
     "storage_block_id": "<uuid of the saved storage block that wrote it>" | null}

``storage_block_id`` (as Prefect's) names the block document of a storage
block given as ``result_storage``; the file is found by ``basepath`` either
way, so references written before it existed read the same.

Only files that start with the marker are read as results, so a reference
naming another file reads nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAGIC = b"flowql-result/1\n"
"""The first line of every result file."""


class ResultNotFound(LookupError):
    """No readable result is stored under the key (missing, or not a result file)."""


@dataclass(frozen=True, slots=True)
class ResultRecordMetadata:
    """What is known about a persisted result without reading its value."""

    storage_key: str
    serializer: str
    basepath: str
    expiration: datetime | None = None
    storage_block_id: str | None = None

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
            "storage_block_id": self.storage_block_id,
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
                storage_block_id=_optional_str(reference.get("storage_block_id")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ResultNotFound(f"not a result reference: {reference!r}") from error


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def is_result_reference(value: Any) -> bool:
    """Whether a state's ``data`` is a result reference."""
    return isinstance(value, dict) and "storage_key" in value and "serializer" in value


def result_path(basepath: Path | str, key: str) -> Path:
    """The file of ``key`` under ``basepath``; keys may use ``/`` for folders but
    never leave ``basepath`` (``ValueError``)."""
    parts = Path(key).parts
    if not key or Path(key).is_absolute() or ".." in parts or key.startswith("."):
        raise ValueError(f"invalid result storage key {key!r}")
    return Path(basepath) / key


def read_result_file(
    path: Path, *, header_only: bool = False
) -> tuple[ResultRecordMetadata, bytes]:
    try:
        with open(path, "rb") as file:
            magic = file.readline()
            header = file.readline()
            payload = b"" if header_only else file.read()
    except OSError as error:
        raise ResultNotFound(f"no result file at {path}") from error
    if magic != MAGIC or not header.endswith(b"\n"):
        raise ResultNotFound(f"{path} is not a flowql result file")
    try:
        reference = json.loads(header)
    except ValueError as error:
        raise ResultNotFound(f"{path} has unreadable metadata") from error
    return ResultRecordMetadata.from_reference(reference), payload
