"""Run loggers: ``get_run_logger()`` and friends, as in ``prefect.logging.loggers``.

A run logger is a ``LoggerAdapter`` over ``flowql.flow_runs`` or
``flowql.task_runs`` that stamps every record with the run it came from
(``flow_run_id``, ``flow_run_name``, ``flow_name``, and for tasks
``task_run_id``, ``task_run_name``, ``task_name``). The console formatter uses
those names; the API handler uses the ids.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Literal

from flowql.sdk.context import (
    FlowRunContext,
    TaskRunContext,
    current_flow_run_context,
    current_task_run_context,
)

ROOT_LOGGER_NAME = "flowql"
FLOW_RUNS_LOGGER_NAME = "flowql.flow_runs"
TASK_RUNS_LOGGER_NAME = "flowql.task_runs"

MISSING_CONTEXT_MESSAGE = (
    "There is no active flow or task run context. "
    "If `get_run_logger` is being called from a thread or other "
    "context without an active flowql run, pass "
    "`on_missing_context='warn'` or `on_missing_context='ignore'` "
    "to return a standard logger instead."
)

if TYPE_CHECKING:
    _LoggerAdapter = logging.LoggerAdapter[logging.Logger]
else:
    _LoggerAdapter = logging.LoggerAdapter


class FlowqlLogAdapter(_LoggerAdapter):
    """A ``LoggerAdapter`` whose per-call ``extra`` adds to the adapter's instead of
    being silently replaced by it (the stdlib behaviour, bpo-32732)."""

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        kwargs["extra"] = {**(self.extra or {}), **(kwargs.get("extra") or {})}
        return msg, kwargs

    def getChild(self, suffix: str, extra: Mapping[str, object] | None = None) -> FlowqlLogAdapter:
        """A child logger (``<name>.<suffix>``) carrying the same run data plus ``extra``."""
        return FlowqlLogAdapter(
            self.logger.getChild(suffix), extra={**(self.extra or {}), **(extra or {})}
        )


def get_logger(name: str | None = None) -> logging.Logger:
    """A logger in the ``flowql`` tree, for library code rather than run code.

    ``get_logger("x")`` is ``flowql.x``; a name already under ``flowql.`` is kept.
    Use ``get_run_logger()`` inside flows and tasks.
    """
    if not name or name == ROOT_LOGGER_NAME:
        return logging.getLogger(ROOT_LOGGER_NAME)
    if name.startswith(ROOT_LOGGER_NAME + "."):
        return logging.getLogger(name)
    return logging.getLogger(f"{ROOT_LOGGER_NAME}.{name}")


def get_run_logger(
    context: FlowRunContext | TaskRunContext | None = None,
    on_missing_context: Literal["raise", "warn", "ignore"] = "raise",
    fallback_logger_name: str = ROOT_LOGGER_NAME,
    **kwargs: Any,
) -> logging.Logger | FlowqlLogAdapter:
    """The logger of the current task run, or else of the current flow run.

    Records carry the run's ids and names, go to the console and are sent to
    the API. ``context`` overrides the context found in the current scope;
    extra keyword arguments are attached to every record.

    Raises:
        MissingContextError: outside any flow or task run, unless
            ``on_missing_context`` is ``"warn"`` or ``"ignore"`` (then a plain
            ``fallback_logger_name`` logger is returned).
    """
    task_context = current_task_run_context()
    flow_context = current_flow_run_context()
    if context is not None:
        if isinstance(context, FlowRunContext):
            flow_context = context
        elif isinstance(context, TaskRunContext):
            task_context = context
        else:
            raise TypeError(
                f"Received unexpected type {type(context).__name__!r} for context. "
                "Expected one of 'None', 'FlowRunContext', or 'TaskRunContext'."
            )
    if task_context is not None:
        return task_run_logger(task_context, flow_context, **kwargs)
    if flow_context is not None:
        return flow_run_logger(flow_context, **kwargs)
    if (
        logging.getLogger(FLOW_RUNS_LOGGER_NAME).disabled
        and logging.getLogger(TASK_RUNS_LOGGER_NAME).disabled
    ):
        null = logging.getLogger("null")
        null.disabled = True
        return null
    if on_missing_context == "raise":
        from flowql.exceptions import MissingContextError

        raise MissingContextError(MISSING_CONTEXT_MESSAGE)
    fallback = get_logger(fallback_logger_name)
    if on_missing_context == "warn":
        fallback.debug(
            "No active flow or task run context found. Using fallback logger. This is "
            "expected when logging from threads or other contexts without an active run."
        )
    return fallback


def flow_run_logger(context: FlowRunContext, **kwargs: Any) -> FlowqlLogAdapter:
    """A ``flowql.flow_runs`` logger bound to the flow run of ``context``."""
    run = context.flow_run
    extra = {
        "flow_run_name": run.name,
        "flow_run_id": str(run.id),
        "flow_name": run.flow_name,
    }
    return FlowqlLogAdapter(logging.getLogger(FLOW_RUNS_LOGGER_NAME), {**extra, **kwargs})


def task_run_logger(
    context: TaskRunContext, flow_context: FlowRunContext | None = None, **kwargs: Any
) -> FlowqlLogAdapter:
    """A ``flowql.task_runs`` logger bound to the task run of ``context``.

    Flow run name and flow name come from ``flow_context`` (default: the current
    flow run), or are ``"<unknown>"`` for a task called outside a flow.
    """
    if flow_context is None:
        flow_context = current_flow_run_context()
    run = context.task_run
    flow_run = flow_context.flow_run if flow_context is not None else None
    extra = {
        "task_run_id": str(run.id),
        "flow_run_id": str(run.flow_run_id) if run.flow_run_id is not None else None,
        "task_run_name": run.name,
        "task_name": getattr(context.task, "name", None) or "<unknown>",
        "flow_run_name": flow_run.name if flow_run is not None else "<unknown>",
        "flow_name": flow_run.flow_name if flow_run is not None else "<unknown>",
    }
    return FlowqlLogAdapter(logging.getLogger(TASK_RUNS_LOGGER_NAME), {**extra, **kwargs})


@contextlib.contextmanager
def disable_logger(name: str) -> Iterator[None]:
    """Disable the logger ``name`` inside the block, then restore its previous state."""
    logger = logging.getLogger(name)
    previous = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous


@contextlib.contextmanager
def disable_run_logger() -> Iterator[None]:
    """Silence both run loggers inside the block (for calling ``task.fn()`` in tests).

    Outside a run, ``get_run_logger()`` then returns a disabled logger instead of
    raising ``MissingContextError``.
    """
    with disable_logger(FLOW_RUNS_LOGGER_NAME), disable_logger(TASK_RUNS_LOGGER_NAME):
        yield
