"""Console output of the ``flowql`` logger tree, formatted like Prefect's.

    12:01:02.345 | INFO    | Flow run 'crimson-otter' - message
    12:01:02.346 | INFO    | Task run 'say-0' - message
    12:01:02.347 | WARNING | flowql.flow_engine - message

``setup_logging()`` attaches one stderr handler to the ``flowql`` logger (never
the root logger) and the API handler to the two run loggers. Calling it again
changes nothing but the level.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, TextIO

from flowql.sdk.logging.api import APILogHandler
from flowql.sdk.logging.loggers import (
    FLOW_RUNS_LOGGER_NAME,
    ROOT_LOGGER_NAME,
    TASK_RUNS_LOGGER_NAME,
)

DATE_FORMAT = "%H:%M:%S"
_PREFIX = "%(asctime)s.%(msecs)03d | %(levelname)-7s | "
STANDARD_FORMAT = _PREFIX + "%(name)s - %(message)s"
FLOW_RUN_FORMAT = _PREFIX + "Flow run %(flow_run_name)r - %(message)s"
TASK_RUN_FORMAT = _PREFIX + "Task run %(task_run_name)r - %(message)s"
LEVEL_ENV_VAR = "FLOWQL_LOGGING_LEVEL"
DEFAULT_LEVEL = "INFO"


class FlowqlFormatter(logging.Formatter):
    """Formats run records as ``Flow run '<name>' - ...`` / ``Task run '<name>' - ...``
    and every other record as ``<logger name> - ...``."""

    def __init__(self) -> None:
        super().__init__(STANDARD_FORMAT, DATE_FORMAT)
        style = type(self._style)
        self._flow_run_style = style(FLOW_RUN_FORMAT)
        self._task_run_style = style(TASK_RUN_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        if _is_under(record.name, FLOW_RUNS_LOGGER_NAME) and hasattr(record, "flow_run_name"):
            return self._flow_run_style.format(record)
        if _is_under(record.name, TASK_RUNS_LOGGER_NAME) and hasattr(record, "task_run_name"):
            return self._task_run_style.format(record)
        return self._style.format(record)


class ConsoleHandler(logging.StreamHandler[TextIO]):
    """A ``StreamHandler`` that writes to whatever ``sys.stderr`` is at emit time,
    so redirected or captured stderr (pytest, notebooks) receives the lines."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(FlowqlFormatter())

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def setup_logging(level: str | int | None = None) -> None:
    """Configure flowql's console and API logging; idempotent.

    ``level`` defaults to the ``logging_level`` setting (``FLOWQL_LOGGING_LEVEL``).
    The ``flowql`` logger gets one console handler and stops propagating to the
    root logger (as ``prefect`` does); the run loggers get the API handler.
    """
    root = logging.getLogger(ROOT_LOGGER_NAME)
    root.setLevel(_resolve_level(level))
    root.propagate = False
    _ensure_handler(root, ConsoleHandler)
    for name in (FLOW_RUNS_LOGGER_NAME, TASK_RUNS_LOGGER_NAME):
        _ensure_handler(logging.getLogger(name), APILogHandler)


def _ensure_handler(logger: logging.Logger, kind: type[logging.Handler]) -> None:
    if not any(type(handler) is kind for handler in logger.handlers):
        logger.addHandler(kind())


def _resolve_level(level: str | int | None) -> int:
    if level is None:
        level = _configured_level()
    if isinstance(level, int):
        return level
    number = logging.getLevelName(level.upper())
    return number if isinstance(number, int) else logging.INFO


def _configured_level() -> str:
    try:
        from flowql.settings import Settings

        return str(Settings().logging_level)
    except Exception:  # unreadable settings must not break logging
        return os.environ.get(LEVEL_ENV_VAR, DEFAULT_LEVEL)


def _is_under(name: str, parent: str) -> bool:
    return name == parent or name.startswith(parent + ".")
