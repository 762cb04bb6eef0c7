"""Public logging API, at the path of ``prefect.logging``.

``from prefect.logging import get_run_logger`` becomes
``from flowql.logging import get_run_logger``.
"""

from __future__ import annotations

from flowql.sdk.logging import (
    APILogHandler,
    disable_run_logger,
    get_logger,
    get_run_logger,
    patch_print,
    print_as_log,
)

__all__ = [
    "APILogHandler",
    "disable_run_logger",
    "get_logger",
    "get_run_logger",
    "patch_print",
    "print_as_log",
]
