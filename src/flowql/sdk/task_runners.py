"""Task runners: where submitted task runs execute (``prefect.task_runners``).

The engine submits whole task runs (orchestration, retries, hooks, recording)
with ``submit_call``; once a run is Running it asks the flow's runner to
``run_body``: call the task's function. The thread runner calls it in the
calling thread; the process runner sends it to a worker process.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import functools
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

from flowql.sdk.completion import Completion, run_into

logger = logging.getLogger("flowql.task_runners")

# The runner a task run was submitted to, in that run's thread: a task called
# directly (not submitted) runs its body in its caller's thread, as in Prefect.
_submitted_to: contextvars.ContextVar[TaskRunner | None] = contextvars.ContextVar(
    "flowql_submitted_to", default=None
)


class TaskRunner:
    """Runs callables concurrently; the engine submits whole task runs to it."""

    def duplicate(self) -> TaskRunner:
        return type(self)()

    def start(self) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def submit_call(self, call: Callable[[], Any]) -> Completion[Any]:
        raise NotImplementedError

    def run_body(
        self, call_here: Callable[[], Any], task: Any, parameters: dict[str, Any], context: Any
    ) -> Any:
        """Run the body of a Running task run; return its value or raise its exception.

        ``call_here`` calls the function with ``parameters`` in this thread, which
        is what this default does; ``context`` is the run's ``TaskRunContext``.
        """
        return call_here()

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

    def submit_call(self, call: Callable[[], Any]) -> Completion[Any]:
        self.start()
        assert self._executor is not None
        completion: Completion[Any] = Completion()
        # The executor's own Future is dropped once the call has run: a flow keeps
        # only the lighter Completion (see sdk/completion.py).
        self._executor.submit(run_into, completion, contextvars.copy_context().run, call)
        return completion


class ProcessPoolTaskRunner(TaskRunner):
    """Runs the bodies of submitted task runs in worker processes (CPU-bound work).

    Each task run is orchestrated in this process, on one of ``max_workers``
    threads (default: the number of CPUs), exactly as with the thread runner:
    states, retries, hooks and recording stay here. Only the task's function,
    with its resolved parameters, runs in one of ``max_workers`` worker
    processes (started with ``spawn``, reused for the whole flow run). The
    function, its parameters and its return value or exception must pickle
    with cloudpickle (functions defined in ``__main__`` or in a test module
    do); a failure to pickle fails the task run with an error naming what
    could not be pickled. A task called directly (not submitted or mapped)
    runs in the flow's own thread.

    In the worker, ``flowql.runtime``, ``get_run_logger()`` and ``log_prints``
    work; logs go to the API through the worker's own connection (the same
    ``FLOWQL_HOME`` database, or ``FLOWQL_API_URL``) and are flushed before the
    result comes back.

    Scripts must guard their entry point with ``if __name__ == "__main__":``:
    spawned workers import the main module.

    Timeouts: ``timeout_seconds`` still marks the task run TimedOut here, but
    the worker cannot be interrupted and keeps running the body. At the end of
    the flow run the pool shuts down; a worker still busy with such a body
    after ``shutdown_grace`` seconds is terminated, with a warning.
    """

    shutdown_grace = 1.0
    """Seconds a worker still running an abandoned body gets before it is terminated."""

    def __init__(self, max_workers: int | None = None) -> None:
        if max_workers is not None and max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self.max_workers = max_workers or os.cpu_count() or 1
        self._threads = ThreadPoolTaskRunner(self.max_workers)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._bodies: set[concurrent.futures.Future[Any]] = set()
        self._lock = threading.Lock()

    def duplicate(self) -> ProcessPoolTaskRunner:
        return ProcessPoolTaskRunner(self.max_workers)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ProcessPoolTaskRunner, (self.max_workers,))

    def start(self) -> None:
        self._threads.start()

    def submit_call(self, call: Callable[[], Any]) -> Completion[Any]:
        return self._threads.submit_call(functools.partial(_submitted, self, call))

    def run_body(
        self, call_here: Callable[[], Any], task: Any, parameters: dict[str, Any], context: Any
    ) -> Any:
        """Run the body in a worker process if the run was submitted here, else in this thread."""
        if _submitted_to.get() is not self or context is None:
            return call_here()
        from flowql.sdk.context import current_flow_run_context
        from flowql.sdk.engine import process_body
        from flowql.sdk.engine.runtime import get_runtime

        payload = process_body.dump_call(task, parameters, context, current_flow_run_context())
        get_runtime().recorder.flush()  # the worker's logs name this task run
        name = context.task_run.name
        future = self._submit(process_body.run_in_worker, payload, name)
        try:
            data = _wait(future, interruptible=bool(task.timeout_seconds))
        except BaseException:
            future.cancel()  # timed out: drop the body if no worker has taken it yet
            raise
        return process_body.load_outcome(data, name)

    def shutdown(self) -> None:
        self._threads.shutdown()
        with self._lock:
            pool, self._pool = self._pool, None
            bodies, self._bodies = self._bodies, set()
        if pool is not None:
            _close_pool(pool, bodies, self.shutdown_grace)

    def _submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.max_workers, mp_context=multiprocessing.get_context("spawn")
                )
            future = self._pool.submit(fn, *args)
            self._bodies.add(future)
        future.add_done_callback(self._forget)  # outside the lock: it may run right away
        return future

    def _forget(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._bodies.discard(future)


def _submitted(runner: ProcessPoolTaskRunner, call: Callable[[], Any]) -> Any:
    _submitted_to.set(runner)  # in the context copied for this one call
    return call()


def _wait(future: concurrent.futures.Future[Any], *, interruptible: bool) -> Any:
    if not interruptible:
        return future.result()
    # A timeout is raised asynchronously in this thread; it lands between
    # bytecodes, never inside one long blocking wait, so wait in short slices.
    while True:
        try:
            return future.result(timeout=0.05)
        except concurrent.futures.TimeoutError:
            continue


def _close_pool(
    pool: concurrent.futures.ProcessPoolExecutor,
    bodies: set[concurrent.futures.Future[Any]],
    grace: float,
) -> None:
    """Shut the pool down; terminate workers still running abandoned (timed-out) bodies."""
    # The executor offers no way to stop a busy worker before Python 3.14
    # (terminate_workers); its process table is the only handle on them.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    _, running = concurrent.futures.wait(bodies, timeout=grace)
    if running:
        logger.warning(
            "Terminating the worker processes of a ProcessPoolTaskRunner: %d task body(ies) "
            "still running after their task runs ended (timed out or interrupted); a worker "
            "process cannot be interrupted otherwise",
            len(running),
        )
        for process in processes:
            process.terminate()
    pool.shutdown(wait=True)


PrefectTaskRunner = TaskRunner
