"""Persisted exceptions: a run that persists its result persists its failure too.

As in Prefect 3, when a task or flow run that persists results fails, its
exception is written to its result storage with its serializer, and the
FAILED state carries the reference (keeping the exception itself in memory).
``state.result()`` in any process then raises the original exception, and
``state.result(raise_on_failure=False)`` returns it.

An exception the serializer cannot write and read back as itself (a JSON
serializer, an exception that cannot be pickled or unpickled) is written as a
record of its type name and message instead; it reads back as that builtin
exception when it is one, else as ``flowql.results.PersistedException`` (a
``FailedRun``; it lives outside ``flowql.sdk``, which must not import
``flowql.exceptions`` at module level). A failure that cannot be written at
all (a full disk...) is logged and the run fails as it would without
persistence; a file that cannot be read back gives the usual ``FailedRun``
with the state's message.
"""

from __future__ import annotations

import builtins
import logging
from typing import Any

from flowql.core.ids import new_id
from flowql.sdk.results.serializers import Serializer
from flowql.sdk.results.store import ResultStore
from flowql.sdk.states.details import PersistedResult
from flowql.sdk.states.state import State

logger = logging.getLogger("flowql.results")

RECORD_KEY = "flowql_exception"
"""The key of a persisted exception's stand-in record: ``{type, message}``."""


def persist_failure(state: State[Any], store: ResultStore) -> State[Any]:
    """``state`` (FAILED, holding an exception) with its exception written to ``store``.

    Never raises: a failure that cannot be written leaves ``state`` as it is.
    """
    error = state.data
    if not isinstance(error, BaseException):
        return state
    try:
        record = store.write(new_id().hex, _persistable(error, store.serializer))
    except Exception as problem:  # the run already failed: do not fail it differently
        logger.warning("the exception of a failed run was not persisted: %s", problem)
        return state
    return state.copy(data=PersistedResult(record.metadata.reference(), error))


def load_exception(data: Any, fallback: BaseException) -> BaseException:
    """The exception a FAILED state's persisted result holds, or ``fallback`` when it
    cannot be read or is no exception."""
    holder = data if isinstance(data, PersistedResult) else PersistedResult(data)
    try:
        value = holder.get()
    except Exception as problem:  # MissingResult, or a custom serializer's own error
        logger.debug("the persisted exception cannot be read (%s)", problem)
        return fallback
    if isinstance(value, BaseException):
        return value
    return _from_record(value) or fallback


def exception_record(error: BaseException) -> dict[str, Any]:
    """The stand-in record of ``error``: its qualified type name and message."""
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else _qualified(kind)
    return {RECORD_KEY: {"type": name, "message": str(error)}}


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _persistable(error: BaseException, serializer: Serializer) -> Any:
    """``error`` itself if ``serializer`` reads it back as the same type, else its record."""
    try:
        back = serializer.loads(serializer.dumps(error))
    except Exception:  # SerializationError, or what a custom serializer raises
        return exception_record(error)
    same = isinstance(back, BaseException) and _qualified(type(back)) == _qualified(type(error))
    return error if same else exception_record(error)


def _from_record(value: Any) -> BaseException | None:
    if not isinstance(value, dict) or not isinstance(value.get(RECORD_KEY), dict):
        return None
    record = value[RECORD_KEY]
    name, message = str(record.get("type")), str(record.get("message"))
    builtin = getattr(builtins, name, None) if "." not in name else None
    if isinstance(builtin, type) and issubclass(builtin, BaseException):
        try:
            rebuilt = builtin(message)
        except Exception:
            rebuilt = None
        if rebuilt is not None and str(rebuilt) == message:
            return rebuilt
    from flowql.results import PersistedException

    return PersistedException(name, message)
