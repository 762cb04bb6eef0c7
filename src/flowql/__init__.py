"""flowql: workflow orchestration for Python with a GraphQL API and a live UI.

``from flowql import flow, task`` is all a Prefect 3 flow module needs to change.
Names are imported lazily so that ``import flowql`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "flow": "flowql.sdk.flows",
    "Flow": "flowql.sdk.flows",
    "task": "flowql.sdk.tasks",
    "Task": "flowql.sdk.tasks",
    "State": "flowql.sdk.states",
    "get_run_logger": "flowql.sdk.logging",
    "tags": "flowql.sdk.context",
    "unmapped": "flowql.utilities.annotations",
    "allow_failure": "flowql.utilities.annotations",
    "get_client": "flowql.client.orchestration",
}

if TYPE_CHECKING:
    from flowql.client.orchestration import get_client
    from flowql.sdk.context import tags
    from flowql.sdk.flows import Flow, flow
    from flowql.sdk.logging import get_run_logger
    from flowql.sdk.states import State
    from flowql.sdk.tasks import Task, task
    from flowql.utilities.annotations import allow_failure, unmapped


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flowql' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Flow",
    "State",
    "Task",
    "__version__",
    "allow_failure",
    "flow",
    "get_client",
    "get_run_logger",
    "tags",
    "task",
    "unmapped",
]
