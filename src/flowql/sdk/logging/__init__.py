"""Logging for flows and tasks: run loggers, console format, API log sink, log_prints.

- ``loggers``: ``get_run_logger()``, ``get_logger()``, ``disable_run_logger()``.
- ``console``: ``setup_logging()`` and the Prefect-style console format.
- ``api``: ``LogBatcher`` and ``APILogHandler``, which send run logs in batches.
- ``prints``: ``patch_print()`` / ``print_as_log`` behind ``log_prints=True``.
"""

from __future__ import annotations

from flowql.sdk.logging.api import (
    APILogHandler,
    LogBatcher,
    get_log_batcher,
    set_log_batcher,
)
from flowql.sdk.logging.console import ConsoleHandler, FlowqlFormatter, setup_logging
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
    "APILogHandler",
    "ConsoleHandler",
    "FlowqlFormatter",
    "FlowqlLogAdapter",
    "LogBatcher",
    "disable_logger",
    "disable_run_logger",
    "flow_run_logger",
    "get_log_batcher",
    "get_logger",
    "get_run_logger",
    "patch_print",
    "print_as_log",
    "set_log_batcher",
    "setup_logging",
    "task_run_logger",
]
