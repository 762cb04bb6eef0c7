"""Run loggers, at the path of ``prefect.logging.loggers``."""

from __future__ import annotations

from flowql.sdk.logging.loggers import (
    FlowqlLogAdapter,
    disable_logger,
    disable_run_logger,
    flow_run_logger,
    get_logger,
    get_run_logger,
    task_run_logger,
)
from flowql.sdk.logging.prints import patch_print, print_as_log

__all__ = [
    "FlowqlLogAdapter",
    "disable_logger",
    "disable_run_logger",
    "flow_run_logger",
    "get_logger",
    "get_run_logger",
    "patch_print",
    "print_as_log",
    "task_run_logger",
]
