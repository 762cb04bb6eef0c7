"""Run context: which flow run / task run the current code runs in (contextvars).

The engine enters a context around every flow and task call; user code reads
it through ``flowql.runtime``, ``get_run_logger()`` and ``get_run_context()``.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class FlowRunInfo:
    id: uuid.UUID
    name: str
    flow_name: str
    parameters: dict[str, Any]
    tags: list[str]
    run_count: int = 1
    scheduled_start_time: datetime | None = None
    parent_task_run_id: uuid.UUID | None = None


@dataclass
class TaskRunInfo:
    id: uuid.UUID
    name: str
    task_key: str
    dynamic_key: str
    flow_run_id: uuid.UUID | None
    tags: list[str]
    run_count: int = 1


@dataclass
class ChildCounter:
    """Numbers the child calls (tasks, subflows) made from one run, per key.

    A child's identity is (parent run, key, n-th call from that parent), so it
    does not depend on how concurrently running siblings interleave.
    """

    prefix: str = ""
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_key(self, key: str) -> str:
        with self._lock:
            n = self._counts.get(key, 0)
            self._counts[key] = n + 1
        return f"{self.prefix}{n}"


@dataclass
class FlowRunContext:
    flow: Any
    flow_run: FlowRunInfo
    log_prints: bool = False
    task_runner: Any = None
    children: ChildCounter = field(default_factory=ChildCounter)
    task_runs: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Task runs of this flow run by (task key, dynamic key), kept across flow
    attempts: a retrying flow runs the same task runs again instead of new ones."""


@dataclass
class TaskRunContext:
    task: Any
    task_run: TaskRunInfo
    log_prints: bool = False
    children: ChildCounter = field(default_factory=ChildCounter)


_flow_run_context: contextvars.ContextVar[FlowRunContext | None] = contextvars.ContextVar(
    "flowql_flow_run_context", default=None
)
_task_run_context: contextvars.ContextVar[TaskRunContext | None] = contextvars.ContextVar(
    "flowql_task_run_context", default=None
)
_tags: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("flowql_tags", default=())


def current_flow_run_context() -> FlowRunContext | None:
    return _flow_run_context.get()


def current_task_run_context() -> TaskRunContext | None:
    return _task_run_context.get()


def current_tags() -> tuple[str, ...]:
    return _tags.get()


@contextlib.contextmanager
def entered_flow_run(context: FlowRunContext) -> Iterator[FlowRunContext]:
    flow_token = _flow_run_context.set(context)
    task_token = _task_run_context.set(None)
    try:
        yield context
    finally:
        _task_run_context.reset(task_token)
        _flow_run_context.reset(flow_token)


@contextlib.contextmanager
def entered_task_run(context: TaskRunContext) -> Iterator[TaskRunContext]:
    token = _task_run_context.set(context)
    try:
        yield context
    finally:
        _task_run_context.reset(token)


@contextlib.contextmanager
def tags(*new_tags: str) -> Iterator[set[str]]:
    """Add tags to every run created inside the block (as ``prefect.tags``)."""
    current = _tags.get()
    token = _tags.set(tuple(dict.fromkeys((*current, *new_tags))))
    try:
        yield set(_tags.get())
    finally:
        _tags.reset(token)
