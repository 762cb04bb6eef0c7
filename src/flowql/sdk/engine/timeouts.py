"""Run a sync callable with a timeout that raises ``TimeoutError`` inside it.

In the main thread a SIGALRM timer interrupts even blocking calls such as
``time.sleep``; in other threads the exception is raised asynchronously in
the running thread (it lands between bytecodes, so a long C call finishes first).
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class _Expired(BaseException):
    """Raised in the worker; turned into TimeoutError by run_with_timeout."""


def run_with_timeout(fn: Callable[[], T], seconds: float | None, what: str) -> T:
    if not seconds:
        return fn()
    message = f"{what} exceeded timeout of {seconds:g} second(s)"
    if threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, seconds, message)
    return _with_async_exception(fn, seconds, message)


def _with_alarm(fn: Callable[[], T], seconds: float, message: str) -> T:
    def expire(_signum: int, _frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    except _Expired:
        raise TimeoutError(message) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _with_async_exception(fn: Callable[[], T], seconds: float, message: str) -> T:
    thread_id = threading.get_ident()
    done = threading.Event()

    def expire() -> None:
        if not done.is_set():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread_id), ctypes.py_object(_Expired)
            )

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        return fn()
    except _Expired:
        raise TimeoutError(message) from None
    finally:
        done.set()
        timer.cancel()
