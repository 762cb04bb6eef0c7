"""Task runners: where submitted task runs execute (``prefect.task_runners``)."""

from __future__ import annotations

import concurrent.futures
import contextvars
from collections.abc import Callable
from typing import Any


class TaskRunner:
    """Runs callables concurrently; the engine submits whole task runs to it."""

    def duplicate(self) -> TaskRunner:
        return type(self)()

    def start(self) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def submit_call(self, call: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        raise NotImplementedError

    def __enter__(self) -> TaskRunner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


class ThreadPoolTaskRunner(TaskRunner):
    """Runs task runs on a pool of threads (the default)."""

    def __init__(self, max_workers: int | None = None) -> None:
        if max_workers is not None and max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self.max_workers = max_workers
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None

    def duplicate(self) -> ThreadPoolTaskRunner:
        return ThreadPoolTaskRunner(self.max_workers)

    def start(self) -> None:
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                self.max_workers, thread_name_prefix="flowql-task"
            )

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def submit_call(self, call: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        self.start()
        assert self._executor is not None
        context = contextvars.copy_context()
        return self._executor.submit(context.run, call)


class ProcessPoolTaskRunner(TaskRunner):
    """Placeholder until process execution lands; refuses clearly instead of pretending."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers

    def submit_call(self, call: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        raise NotImplementedError(
            "ProcessPoolTaskRunner is not available yet in flowql; use ThreadPoolTaskRunner"
        )


PrefectTaskRunner = TaskRunner
