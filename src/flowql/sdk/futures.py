"""Futures of submitted task runs and subflow runs, as ``prefect.futures``."""

from __future__ import annotations

import queue
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

from flowql.sdk.completion import Completion

R = TypeVar("R")


class PrefectFuture(Generic[R]):
    """The eventual final State of a run submitted to a task runner.

    ``wrapped_future`` is the runner's ``Completion`` (``result()``, ``done()``,
    ``add_done_callback()``, as a ``concurrent.futures.Future``), which holds
    the final state.
    """

    __slots__ = ("task_run_id", "wrapped_future")

    def __init__(self, task_run_id: uuid.UUID, wrapped: Completion[Any]) -> None:
        self.task_run_id = task_run_id
        self.wrapped_future = wrapped

    @property
    def state(self) -> Any:
        """The final state once done; a Pending state before."""
        if self.wrapped_future.done():
            return self.wrapped_future.result()
        from flowql.sdk.states import Pending

        return Pending()

    def wait(self, timeout: float | None = None) -> None:
        self.wrapped_future.wait(timeout)

    def result(self, timeout: float | None = None, raise_on_failure: bool = True) -> R:
        try:
            state = self.wrapped_future.result(timeout=timeout)
        except TimeoutError:
            raise TimeoutError(
                f"task run {self.task_run_id} did not finish within {timeout} seconds"
            ) from None
        return state.result(raise_on_failure=raise_on_failure)  # type: ignore[no-any-return]

    def add_done_callback(self, fn: Callable[[PrefectFuture[R]], None]) -> None:
        self.wrapped_future.add_done_callback(lambda _: fn(self))

    def done(self) -> bool:
        return self.wrapped_future.done()

    def __repr__(self) -> str:
        return f"PrefectFuture(task_run_id={self.task_run_id})"


PrefectConcurrentFuture = PrefectFuture
FlowqlFuture = PrefectFuture


class PrefectFutureList(list[PrefectFuture[R]]):
    """A list of futures with ``wait()`` and ``result()`` over all of them."""

    def wait(self, timeout: float | None = None) -> None:
        wait(self, timeout=timeout)

    def result(self, timeout: float | None = None, raise_on_failure: bool = True) -> list[R]:
        return [future.result(timeout, raise_on_failure) for future in self]


class DoneAndNotDoneFutures(NamedTuple):
    done: set[PrefectFuture[Any]]
    not_done: set[PrefectFuture[Any]]


def wait(
    futures: Iterable[PrefectFuture[Any]], timeout: float | None = None
) -> DoneAndNotDoneFutures:
    """Wait for futures; returns those done and those not done within ``timeout``."""
    futures = list(futures)
    deadline = None if timeout is None else time.monotonic() + timeout
    for future in futures:
        remaining = None if deadline is None else deadline - time.monotonic()
        if not future.wrapped_future.wait(remaining):
            break
    done = {future for future in futures if future.done()}
    return DoneAndNotDoneFutures(done, set(futures) - done)


def as_completed(
    futures: Iterable[PrefectFuture[Any]], timeout: float | None = None
) -> Iterator[PrefectFuture[Any]]:
    """Yield futures as they finish; ``TimeoutError`` if some are not done in ``timeout``."""
    deadline = None if timeout is None else time.monotonic() + timeout
    pending = set(futures)
    finished: queue.SimpleQueue[PrefectFuture[Any]] = queue.SimpleQueue()
    for future in pending:
        future.add_done_callback(finished.put)
    while pending:
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            future = finished.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError(f"{len(pending)} of the futures did not finish in time") from None
        pending.discard(future)
        yield future


_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})


def _visit(value: Any, leaf: Callable[[PrefectFuture[Any]], Any]) -> Any:
    if type(value) in _SCALARS:  # most parameters: skip the isinstance checks
        return value
    if isinstance(value, PrefectFuture):
        return leaf(value)
    if isinstance(value, list | tuple | set):
        items = [_visit(item, leaf) for item in value]
        return type(value)(items) if not isinstance(value, tuple) else tuple(items)
    if isinstance(value, dict):
        return {key: _visit(item, leaf) for key, item in value.items()}
    return value


def collect_futures(value: Any) -> list[PrefectFuture[Any]]:
    found: list[PrefectFuture[Any]] = []
    _visit(value, lambda future: found.append(future))
    return found


def resolve_futures_to_states(value: Any) -> Any:
    return _visit(value, lambda future: future.wrapped_future.result())


def resolve_futures_to_results(value: Any) -> Any:
    return _visit(value, lambda future: future.result())
