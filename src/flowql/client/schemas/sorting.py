"""Prefect's sort orders (``prefect.client.schemas.sorting``), for flowql's API.

Members carry Prefect's names; ``to_graphql()`` gives the value of flowql's
``orderBy`` enum. A Prefect order flowql cannot sort by raises
``NotImplementedError`` naming it.
"""

from __future__ import annotations

import enum

from flowql.client.schemas.artifacts import ArtifactCollectionSort, ArtifactSort
from flowql.client.schemas.base import Sort
from flowql.client.schemas.variables import VariableSort

__all__ = [
    "ArtifactCollectionSort",
    "ArtifactSort",
    "FlowRunSort",
    "FlowSort",
    "LogSort",
    "TaskRunSort",
    "VariableSort",
    "to_graphql",
]


class FlowRunSort(Sort):
    """How flow runs are ordered (Prefect's default: ``ID_DESC``)."""

    ID_DESC = "ID_DESC"
    START_TIME_ASC = "START_TIME_ASC"
    START_TIME_DESC = "START_TIME_DESC"
    EXPECTED_START_TIME_ASC = "EXPECTED_START_TIME_ASC"
    EXPECTED_START_TIME_DESC = "EXPECTED_START_TIME_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    NEXT_SCHEDULED_START_TIME_ASC = "NEXT_SCHEDULED_START_TIME_ASC"
    END_TIME_DESC = "END_TIME_DESC"


class TaskRunSort(Sort):
    """How task runs are ordered (Prefect's default: ``ID_DESC``)."""

    ID_DESC = "ID_DESC"
    START_TIME_ASC = "START_TIME_ASC"
    START_TIME_DESC = "START_TIME_DESC"
    EXPECTED_START_TIME_ASC = "EXPECTED_START_TIME_ASC"
    EXPECTED_START_TIME_DESC = "EXPECTED_START_TIME_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    NEXT_SCHEDULED_START_TIME_ASC = "NEXT_SCHEDULED_START_TIME_ASC"
    END_TIME_DESC = "END_TIME_DESC"


class LogSort(Sort):
    """How log records are ordered (Prefect's default: ``TIMESTAMP_ASC``)."""

    TIMESTAMP_ASC = "TIMESTAMP_ASC"
    TIMESTAMP_DESC = "TIMESTAMP_DESC"


class FlowSort(Sort):
    """How flows are ordered (Prefect's default: ``NAME_ASC``)."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


def to_graphql(kind: type[Sort], sort: Sort | str | None, default: Sort) -> str:
    """The ``orderBy`` value for ``sort`` (a member or its name), or for ``default``."""
    if sort is None:
        return default.to_graphql()
    try:
        member = kind(sort.value if isinstance(sort, enum.Enum) else sort)
    except ValueError:
        names = ", ".join(kind.__members__)
        raise ValueError(f"{sort!r} is not a {kind.__name__}; use one of {names}") from None
    return member.to_graphql()
