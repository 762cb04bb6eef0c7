"""The current task run: ``from flowql.runtime import task_run; task_run.name``."""

from __future__ import annotations

from typing import Any

from flowql.sdk.context import current_task_run_context

ATTRIBUTES = ("id", "name", "run_count", "tags", "task_key")

_DEFAULTS: dict[str, Any] = {"tags": [], "run_count": 0}


def __getattr__(name: str) -> Any:
    if name not in ATTRIBUTES:
        raise AttributeError(f"flowql.runtime.task_run has no attribute {name!r}")
    context = current_task_run_context()
    if context is None:
        return _DEFAULTS.get(name)
    return getattr(context.task_run, name)


def __dir__() -> list[str]:
    return sorted(ATTRIBUTES)
