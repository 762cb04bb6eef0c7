"""Between states and exceptions, as ``prefect.states``.

The exception a FAILED, CRASHED or CANCELLED state stands for
(``get_state_exception``, ``raise_state_exception``), a state's result
(``get_state_result``), and the FAILED or CRASHED state an exception gives
(``exception_to_failed_state``, ``exception_to_crashed_state``).
``flowql.exceptions`` is imported only when one of its exceptions is needed.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TypeVar

from flowql.core.states import StateType
from flowql.sdk.states.aggregate import is_state_iterable
from flowql.sdk.states.constructors import Crashed, Failed
from flowql.sdk.states.details import result_reference
from flowql.sdk.states.state import State

R = TypeVar("R")

_FAILURES = frozenset({StateType.FAILED, StateType.CRASHED, StateType.CANCELLED})


def format_exception(exc: BaseException, tb: TracebackType | None = None) -> str:
    """``"ValueError: boom"``, or the full traceback when ``tb`` is given."""
    exc_type = type(exc)
    if tb is None:
        return f"{exc_type.__name__}: {exc}"
    import traceback

    formatted = "".join(traceback.format_exception(exc_type, exc, tb))
    if exc_type.__module__.startswith("flowql."):
        formatted = formatted.replace(
            f"{exc_type.__module__}.{exc_type.__name__}", exc_type.__name__
        )
    return formatted


def get_state_exception(state: State[Any]) -> BaseException:
    """The exception of a FAILED, CRASHED or CANCELLED state.

    The stored exception (read from its result storage when persisted, in any
    process); the first failure's for a state holding states; else
    ``FailedRun``/``CrashedRun``/``CancelledRun`` with the stored string or the
    state's message. ``ValueError`` for other states, ``TypeError`` when the
    data cannot be turned into an exception.
    """
    from flowql.exceptions import CancelledRun, CrashedRun, FailedRun

    wrapper: type[FailedRun | CrashedRun | CancelledRun]
    if state.type is StateType.FAILED:
        wrapper, default = FailedRun, "Run failed."
    elif state.type is StateType.CRASHED:
        wrapper, default = CrashedRun, "Run crashed."
    elif state.type is StateType.CANCELLED:
        wrapper, default = CancelledRun, "Run cancelled."
    else:
        raise ValueError(f"Expected failed or crashed state got {state!r}.")
    data = state.data
    if data is None:
        return wrapper(state.message or default)
    if result_reference(data) is not None:  # a persisted exception, perhaps
        from flowql.sdk.results.failures import load_exception

        return load_exception(data, wrapper(state.message or default))
    if isinstance(data, BaseException):
        return data
    if isinstance(data, str):
        return wrapper(data)
    if isinstance(data, State):
        return get_state_exception(data)
    if is_state_iterable(data):
        for inner in data:
            if inner.type in _FAILURES:
                return get_state_exception(inner)
        raise ValueError("Failed state result was an iterable of states but none were failed.")
    raise TypeError(
        f"Unexpected result for failed state: {data!r} —— "
        f"{type(data).__name__} cannot be resolved into an exception"
    )


async def aget_state_exception(state: State[Any]) -> BaseException:
    """:func:`get_state_exception` for async code."""
    return get_state_exception(state)


def raise_state_exception(state: State[Any]) -> None:
    """Raise the exception of a FAILED, CRASHED or CANCELLED state; do nothing otherwise."""
    if state.type in _FAILURES:
        raise get_state_exception(state)


async def araise_state_exception(state: State[Any]) -> None:
    """:func:`raise_state_exception` for async code."""
    raise_state_exception(state)


def get_state_result(
    state: State[R],
    raise_on_failure: bool = True,
    fetch: bool | None = None,
    retry_result_failure: bool = True,
) -> R | BaseException:
    """``state.result(raise_on_failure)``."""
    return state.result(raise_on_failure=raise_on_failure)


def exception_to_failed_state(
    exc: BaseException | None = None, message: str | None = None, **kwargs: Any
) -> State[Any]:
    """A FAILED state holding ``exc`` (default: the exception being handled).

    The message is ``"ValueError: boom"``, after ``message`` when one is given.
    """
    if exc is None:
        exc = sys.exc_info()[1]
        if exc is None:
            raise ValueError("Exception was not passed and no active exception could be found.")
    prefix = f"{message} " if message and not message.endswith(" ") else (message or "")
    return Failed(data=exc, message=prefix + format_exception(exc), **kwargs)


def exception_to_crashed_state(exc: BaseException, **kwargs: Any) -> State[Any]:
    """A CRASHED state for ``exc``, raised outside of user code (an interrupt, a signal...)."""
    from flowql.exceptions import TerminationSignal

    asyncio = sys.modules.get("asyncio")  # a CancelledError implies asyncio is loaded
    if asyncio is not None and isinstance(exc, asyncio.CancelledError):
        message = "Execution was cancelled by the runtime environment."
    elif isinstance(exc, KeyboardInterrupt):
        message = "Execution was aborted by an interrupt signal."
    elif isinstance(exc, TerminationSignal):
        message = "Execution was aborted by a termination signal."
    elif isinstance(exc, SystemExit):
        message = "Execution was aborted by Python system exit call."
    else:
        message = f"Execution was interrupted by an unexpected exception: {format_exception(exc)}"
    return Crashed(message=message, data=exc, **kwargs)
