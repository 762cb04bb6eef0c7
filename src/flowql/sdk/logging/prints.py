"""``log_prints``: ``print()`` inside a run with ``log_prints=True`` becomes a log.

As in Prefect, the patched ``print`` writes the text to the run logger at INFO
(so it shows on the console through the log handler and is sent to the API)
instead of to stdout. The patch of ``builtins.print`` is process-wide, so each
call decides from the run context of the calling thread: outside a run, in a run
without ``log_prints``, or when printing to any file other than
``sys.stdout``/``sys.stderr``, it prints as usual. The patch is reference
counted and ``builtins.print`` is restored when the last user leaves.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from flowql.sdk.context import current_flow_run_context, current_task_run_context
from flowql.sdk.logging.loggers import get_run_logger

_PrintFunction = Callable[..., None]

_lock = threading.Lock()
_users = 0
_original_print: _PrintFunction = builtins.print


def print_as_log(*args: Any, **kwargs: Any) -> None:
    """``print`` that logs to the run logger when the current run has ``log_prints``.

    Otherwise (no run, ``log_prints`` off, or ``file=`` another stream) it is
    plain ``print``.
    """
    task_context = current_task_run_context()
    context = task_context if task_context is not None else current_flow_run_context()
    if (
        context is None
        or not context.log_prints
        or kwargs.get("file") not in (None, sys.stdout, sys.stderr)
    ):
        _original_print(*args, **kwargs)
        return
    buffer = io.StringIO()
    kwargs["file"] = buffer
    _original_print(*args, **kwargs)
    logger = get_run_logger(context)
    logger.log(logging.INFO, buffer.getvalue().rstrip(), stacklevel=2)


@contextlib.contextmanager
def patch_print() -> Iterator[None]:
    """Replace ``builtins.print`` with ``print_as_log`` inside the block.

    Safe to nest and to enter from several threads at once: the first entry
    patches, the last exit restores (unless someone else replaced ``print``
    meanwhile, in which case their function is left in place).
    """
    global _users, _original_print
    with _lock:
        if _users == 0 and builtins.print is not print_as_log:
            _original_print = builtins.print
            builtins.print = print_as_log
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and builtins.print is print_as_log:
                builtins.print = _original_print
