"""Run contexts, as ``prefect.context``: FlowRunContext, TaskRunContext, get_run_context, tags."""

from __future__ import annotations

from flowql.sdk.context import (
    FlowRunContext,
    TaskRunContext,
    current_flow_run_context,
    current_task_run_context,
    tags,
)


def get_run_context() -> FlowRunContext | TaskRunContext:
    """The innermost run context; raises MissingContextError outside any run."""
    task_context = current_task_run_context()
    if task_context is not None:
        return task_context
    flow_context = current_flow_run_context()
    if flow_context is not None:
        return flow_context
    from flowql.exceptions import MissingContextError

    raise MissingContextError(
        "No run context available. You are not in a flow or task run context."
    )


__all__ = ["FlowRunContext", "TaskRunContext", "get_run_context", "tags"]
