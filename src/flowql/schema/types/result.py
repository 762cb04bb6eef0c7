"""StateResult: what the API shows of a persisted result a state points at."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from flowql.core.result_files import (
    ResultNotFound,
    ResultRecordMetadata,
    is_result_reference,
    read_result_file,
    result_path,
)

MAX_VALUE_BYTES = 1_048_576
"""Larger JSON results are described, not returned."""


@strawberry.type(description="A persisted result: where it is and, when it is JSON, its value.")
class StateResult:
    storage_key: str
    serializer: str = strawberry.field(description='How it is stored: "json", "pickle", ...')
    basepath: str = strawberry.field(description="The result storage directory (on its host).")
    expiration: datetime | None = strawberry.field(
        description="After this, it no longer serves as a cache hit."
    )
    available: bool = strawberry.field(
        description="The server can read the result file (it shares the storage directory)."
    )
    value: JSON | None = strawberry.field(
        description="The value, for a JSON result the server can read, up to 1 MiB; "
        "null otherwise (load other results with state.result() in Python)."
    )
    note: str | None = strawberry.field(description="Why `value` is null, when it is.")


def state_result(data: Any) -> StateResult | None:
    """The result a state's ``data`` points at, or None when it points at none."""
    if not is_result_reference(data):
        return None
    try:
        metadata = ResultRecordMetadata.from_reference(data)
    except ResultNotFound:
        return None
    available, value, note = _read(metadata)
    return StateResult(
        storage_key=metadata.storage_key,
        serializer=metadata.serializer,
        basepath=metadata.basepath,
        expiration=metadata.expiration,
        available=available,
        value=value,
        note=note,
    )


def _read(metadata: ResultRecordMetadata) -> tuple[bool, Any, str | None]:
    try:
        path = result_path(metadata.basepath, metadata.storage_key)
        if metadata.serializer != "json":
            read_result_file(path, header_only=True)
            return True, None, f"a {metadata.serializer} result: not shown as JSON"
        if path.stat().st_size > MAX_VALUE_BYTES:
            return True, None, f"larger than {MAX_VALUE_BYTES} bytes"
        _, payload = read_result_file(path)
        return True, json.loads(payload), None
    except (ResultNotFound, OSError, ValueError) as error:
        return False, None, f"the result file cannot be read here: {error}"
