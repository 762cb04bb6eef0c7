"""GraphQL enums: the enums the rest of flowql already uses, registered with Strawberry.

``strawberry.enum`` marks the class in place, so the names exported here are
the very same classes as in ``flowql.core`` and ``flowql.services`` (one
definition per concept, and valid types for mypy).
"""

from __future__ import annotations

import strawberry

from flowql.core.artifacts import ArtifactSort
from flowql.core.errors import ErrorCode
from flowql.core.sorting import FlowRunSort, FlowSort, LogSort, StateSort, TaskRunSort
from flowql.core.states import StateType
from flowql.core.variables import VariableSort
from flowql.db.queries.event_counts import CountBy
from flowql.services.states import SetStateStatus

strawberry.enum(StateType, description="The type of a run state.")
strawberry.enum(ErrorCode, description="Why a mutation refused its input.")
strawberry.enum(
    SetStateStatus,
    description="The orchestration decision on a proposed state: ACCEPT wrote it, REJECT "
    "wrote the state returned instead (a retry, a cache hit, a pause) or nothing if the "
    "state is the current one, WAIT asks to propose again after delaySeconds, ABORT says "
    "the proposal makes no sense.",
)
strawberry.enum(CountBy, name="EventCountBy", description="Count per event name or per state type.")
for _sort in (FlowSort, FlowRunSort, TaskRunSort, LogSort, StateSort, VariableSort, ArtifactSort):
    strawberry.enum(_sort)

__all__ = [
    "ArtifactSort",
    "CountBy",
    "ErrorCode",
    "FlowRunSort",
    "FlowSort",
    "LogSort",
    "SetStateStatus",
    "StateSort",
    "StateType",
    "TaskRunSort",
    "VariableSort",
]
