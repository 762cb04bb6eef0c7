"""Artifacts: what runs publish for people to read (Prefect's markdown, table, link,
progress and image artifacts), with the checks the services and the SDK share.

An artifact's ``data`` depends on its type, as in Prefect: markdown, link (as
markdown) and image (a URL) are strings, progress is a percentage from 0 to
100, a table is a list of rows (objects or lists) or an object of columns.
Other types (Prefect's ``Artifact(type=...)``) take any JSON.
"""

from __future__ import annotations

import enum
import math
import re
from typing import Any

from flowql.core.variables import json_problem

MAX_ARTIFACT_KEY_LENGTH = 200
MAX_ARTIFACT_TYPE_LENGTH = 64
_KEY = re.compile(r"[a-z0-9-]+")
_TYPE = re.compile(r"[a-z0-9_-]+")


class ArtifactType(enum.StrEnum):
    """The types the SDK's ``create_*_artifact`` functions make."""

    MARKDOWN = "markdown"
    TABLE = "table"
    LINK = "link"
    PROGRESS = "progress"
    IMAGE = "image"
    RESULT = "result"


class ArtifactSort(enum.StrEnum):
    """Artifact list orders (``ID_DESC`` is Prefect's default; ids are random, so it is
    a stable order, not a time order)."""

    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    UPDATED_DESC = "UPDATED_DESC"
    KEY_ASC = "KEY_ASC"
    KEY_DESC = "KEY_DESC"
    ID_DESC = "ID_DESC"


def artifact_key_problem(key: str) -> str | None:
    """Why ``key`` cannot key an artifact (Prefect's rule), or None if it can."""
    if len(key) > MAX_ARTIFACT_KEY_LENGTH:
        return (
            f"artifact key {key[:40]!r}... is {len(key)} characters long; "
            f"the limit is {MAX_ARTIFACT_KEY_LENGTH}"
        )
    if not _KEY.fullmatch(key):
        return f"artifact key {key!r} must only contain lowercase letters, numbers and dashes"
    return None


def artifact_type_problem(type: str) -> str | None:
    if len(type) > MAX_ARTIFACT_TYPE_LENGTH or not _TYPE.fullmatch(type):
        return (
            f"artifact type {type[:80]!r} must be 1 to {MAX_ARTIFACT_TYPE_LENGTH} lowercase "
            "letters, numbers, dashes and underscores"
        )
    return None


def progress_problem(progress: Any) -> str | None:
    """Why ``progress`` is not a percentage, or None if it is."""
    if isinstance(progress, bool) or not isinstance(progress, int | float):
        return f"progress must be a number from 0 to 100, got {type(progress).__name__}"
    if not (math.isfinite(progress) and 0 <= progress <= 100):
        return f"progress must be from 0 to 100, got {progress}"
    return None


def artifact_data_problem(type: str, data: Any) -> str | None:
    """Why ``data`` cannot be the data of an artifact of ``type``, or None if it can."""
    if (problem := json_problem(data, "data")) is not None:
        return problem
    if type in (ArtifactType.MARKDOWN, ArtifactType.LINK, ArtifactType.IMAGE):
        if not isinstance(data, str):
            return f"data of a {type} artifact must be a string, got {_json_kind(data)}"
    elif type == ArtifactType.PROGRESS:
        return progress_problem(data)
    elif type == ArtifactType.TABLE:
        return table_problem(data)
    return None


def table_problem(table: Any) -> str | None:
    """A table is a list of rows (all objects or all lists) or an object of column lists."""
    if isinstance(table, dict):
        for column, values in table.items():
            if not isinstance(values, list | tuple):
                return f"table column {column!r} must be a list of values, got {_json_kind(values)}"
        return None
    if isinstance(table, list | tuple):
        kinds = {dict if isinstance(row, dict) else list if isinstance(row, list | tuple) else None
                 for row in table}  # fmt: skip
        if None in kinds:
            index = next(
                n for n, row in enumerate(table) if not isinstance(row, dict | list | tuple)
            )
            return f"table row {index} must be an object or a list, got {_json_kind(table[index])}"
        if len(kinds) > 1:
            return "table rows must be all objects (dicts) or all lists, not a mix"
        return None
    return (
        "a table must be a list of dicts, a dict of lists or a list of lists, "
        f"got {_json_kind(table)}"
    )


def _json_kind(value: Any) -> str:
    return type(value).__name__
