"""``Completion``: the outcome of a call submitted to a task runner.

A ``concurrent.futures.Future`` carries a ``Condition`` (a lock, a deque,
five bound methods): about eleven objects the garbage collector tracks, and
a flow keeps one per task run for as long as it holds its futures. A
10,000-task ``.map`` kept 110,000 of them alive, and Python's full
collections, which revisit every live object each time the heap grows by a
quarter, cost the flow about 0.3 s. A ``Completion`` is one object and
one C lock (held while the call runs; waiters acquire and release it), with
the few methods the engine and ``flowql.futures`` need.
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_callbacks_lock = _thread.allocate_lock()
"""Orders add_done_callback against completion (held for a few instructions)."""


class Completion(Generic[T]):
    """A result or an exception that a worker thread sets once."""

    __slots__ = ("_callbacks", "_error", "_running", "_value")

    def __init__(self) -> None:
        self._running = _thread.allocate_lock()
        self._running.acquire()
        self._value: T | None = None
        self._error: BaseException | None = None
        self._callbacks: list[Callable[[Completion[T]], None]] | None = None

    def done(self) -> bool:
        return not self._running.locked()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until done or ``timeout`` seconds passed; return whether it is done."""
        if not self._running.locked():
            return True
        if self._running.acquire(timeout=-1 if timeout is None else max(timeout, 0.0)):
            self._running.release()  # let the next waiter through
            return True
        return False

    def result(self, timeout: float | None = None) -> T:
        """The value, or raise the call's exception; ``TimeoutError`` if not done in time."""
        if not self.wait(timeout):
            raise TimeoutError(f"not done within {timeout} seconds")
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def exception(self, timeout: float | None = None) -> BaseException | None:
        if not self.wait(timeout):
            raise TimeoutError(f"not done within {timeout} seconds")
        return self._error

    def add_done_callback(self, fn: Callable[[Completion[T]], None]) -> None:
        """Call ``fn(self)`` when done (at once, in this thread, if it is done already)."""
        with _callbacks_lock:
            if self._running.locked():
                if self._callbacks is None:
                    self._callbacks = []
                self._callbacks.append(fn)
                return
        fn(self)

    def set_result(self, value: T) -> None:
        self._value = value
        self._finish()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._finish()

    def _finish(self) -> None:
        with _callbacks_lock:
            self._running.release()
            callbacks, self._callbacks = self._callbacks, None
        for fn in callbacks or ():
            fn(self)


def run_into(completion: Completion[T], fn: Callable[..., T], *args: Any) -> None:
    """Call ``fn(*args)`` and put its return value or exception into ``completion``."""
    try:
        value = fn(*args)
    except BaseException as error:  # handed to whoever waits, as a Future does
        completion.set_exception(error)
    else:
        completion.set_result(value)
