"""Completion (the task runners' light future) and flowql.futures' wait/as_completed on it."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from flowql.futures import PrefectFuture, as_completed, wait
from flowql.sdk.completion import Completion, run_into


def _finish_later(completion: Completion[int], value: int, delay: float) -> None:
    timer = threading.Timer(delay, completion.set_result, (value,))
    timer.daemon = True  # the slow ones must not hold up the test session's exit
    timer.start()


def test_result_waits_for_the_value() -> None:
    completion: Completion[int] = Completion()
    assert not completion.done()
    _finish_later(completion, 7, 0.05)
    assert completion.result(timeout=5) == 7
    assert completion.done() and completion.wait(0)


def test_every_waiter_is_released() -> None:
    completion: Completion[int] = Completion()
    results: list[int] = []
    waiters = [
        threading.Thread(target=lambda: results.append(completion.result())) for _ in range(5)
    ]
    for waiter in waiters:
        waiter.start()
    completion.set_result(3)
    for waiter in waiters:
        waiter.join(5)
    assert results == [3] * 5


def test_timeout_and_exception() -> None:
    completion: Completion[int] = Completion()
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        completion.result(timeout=0.05)
    assert time.monotonic() - started >= 0.05
    run_into(completion, lambda: 1 // 0)
    assert isinstance(completion.exception(), ZeroDivisionError)
    with pytest.raises(ZeroDivisionError):
        completion.result()


def test_callbacks_run_once_before_or_after_completion() -> None:
    completion: Completion[int] = Completion()
    calls: list[str] = []
    completion.add_done_callback(lambda c: calls.append(f"before {c.result()}"))
    completion.set_result(1)
    completion.add_done_callback(lambda c: calls.append(f"after {c.result()}"))
    assert calls == ["before 1", "after 1"]


def _futures(*delays: float) -> list[PrefectFuture[int]]:
    futures = []
    for value, delay in enumerate(delays):
        completion: Completion[int] = Completion()
        _finish_later(completion, value, delay)
        futures.append(PrefectFuture(uuid.uuid4(), completion))
    return futures


def test_wait_returns_what_finished_in_time() -> None:
    fast, slow = _futures(0.01, 5)
    done, not_done = wait([fast, slow], timeout=0.3)
    assert done == {fast} and not_done == {slow}


def test_as_completed_yields_in_finishing_order_then_times_out() -> None:
    late, early, never = _futures(0.2, 0.01, 30)
    order = []
    with pytest.raises(TimeoutError):
        for future in as_completed([late, early, never], timeout=1):
            order.append(future)
    assert order == [early, late]
