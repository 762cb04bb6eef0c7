"""Prefect's ``prefect.client.schemas``: API objects, filters, sorts and actions.

``from flowql.client.schemas import FlowRun, StateType`` works as in Prefect;
the filters live in ``flowql.client.schemas.filters``, the sort orders in
``.sorting``, state proposals in ``.actions``. (Prefect's ``.responses``
names, ``OrchestrationResult`` and ``SetStateStatus``, are exported here and
defined in ``.objects``.)
"""

from __future__ import annotations

from flowql.client.schemas.objects import (
    Flow,
    FlowRun,
    FlowRunPolicy,
    Log,
    OrchestrationDetails,
    OrchestrationResult,
    SetStateStatus,
    State,
    StateDetails,
    StateType,
    TaskRun,
    TaskRunPolicy,
)

__all__ = [
    "Flow",
    "FlowRun",
    "FlowRunPolicy",
    "Log",
    "OrchestrationDetails",
    "OrchestrationResult",
    "SetStateStatus",
    "State",
    "StateDetails",
    "StateType",
    "TaskRun",
    "TaskRunPolicy",
]
