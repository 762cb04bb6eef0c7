"""The current flow run: ``from flowql.runtime import flow_run; flow_run.id``.

Outside a flow run every attribute is None (``parameters``: {}; ``tags``: []),
as in Prefect.
"""

from __future__ import annotations

from typing import Any

from flowql.sdk.context import current_flow_run_context

ATTRIBUTES = (
    "flow_name",
    "id",
    "name",
    "parameters",
    "parent_flow_run_id",
    "run_count",
    "scheduled_start_time",
    "tags",
)

_DEFAULTS: dict[str, Any] = {"parameters": {}, "tags": [], "run_count": 0}


def __getattr__(name: str) -> Any:
    if name not in ATTRIBUTES:
        raise AttributeError(f"flowql.runtime.flow_run has no attribute {name!r}")
    context = current_flow_run_context()
    if context is None:
        return _DEFAULTS.get(name)
    info = context.flow_run
    if name == "parent_flow_run_id":
        return None if info.parent_task_run_id is None else _parent_flow_run_id(context)
    return getattr(info, name)


def _parent_flow_run_id(context: Any) -> Any:
    return getattr(context, "parent_flow_run_id", None)


def __dir__() -> list[str]:
    return sorted(ATTRIBUTES)
