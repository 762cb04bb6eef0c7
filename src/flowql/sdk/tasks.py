"""The ``@task`` decorator: a Task holds the function and its options; the task
engine runs it (``flowql.sdk.engine.task_engine``)."""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any, Generic, ParamSpec, TypeVar, overload

from flowql.sdk.results.cache_policies import DEFAULT, NO_CACHE, CachePolicy, NotSet
from flowql.sdk.results.storage import check_result_storage

P = ParamSpec("P")
R = TypeVar("R")

RetryDelay = float | int | list[float] | list[int] | Callable[[int], list[float]] | None


def exponential_backoff(backoff_factor: float) -> Callable[[int], list[float]]:
    """Retry delays ``backoff_factor * 2**n`` for the n-th retry (as Prefect's)."""

    def delays(retries: int) -> list[float]:
        return [backoff_factor * max(0, 2**r) for r in range(retries)]

    return delays


def task_key_of(fn: Callable[..., Any]) -> str:
    """A stable identity of the task function: qualified name plus a source hash."""
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        source = fn.__qualname__
    digest = hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{fn.__qualname__}-{digest}"


def retry_delays(retries: int, retry_delay_seconds: RetryDelay) -> list[float]:
    if retry_delay_seconds is None:
        return []
    if callable(retry_delay_seconds):
        return [float(delay) for delay in retry_delay_seconds(retries)]
    if isinstance(retry_delay_seconds, int | float):
        return [float(retry_delay_seconds)]
    return [float(delay) for delay in retry_delay_seconds]


def _persist_result(
    persist_result: bool | None,
    cache_policy: Any,
    cache_key_fn: Any,
    result_storage_key: str | None,
    result_storage: Any,
    result_serializer: Any,
) -> bool | None:
    """As Prefect 3: asking for a cache or a result location turns persistence on;
    otherwise None, which defers to the flow and then to the setting."""
    if persist_result is not None:
        return persist_result
    asks_cache = cache_policy is not NotSet and cache_policy is not None
    asks_cache = asks_cache and cache_policy != NO_CACHE
    asked = (cache_key_fn, result_storage_key, result_storage, result_serializer)
    if asks_cache or any(option is not None for option in asked):
        return True
    return None


def _cache_policy(
    persist_result: bool | None, cache_policy: Any, cache_key_fn: Any, storage_key: str | None
) -> Any:
    """The policy the engine applies when results persist (caching needs persistence);
    with only a ``result_storage_key``, that key is the cache key."""
    if cache_key_fn is not None:
        return CachePolicy.from_cache_key_fn(cache_key_fn)
    if persist_result is False or cache_policy is None:
        return NO_CACHE
    if cache_policy is NotSet:
        return NO_CACHE if storage_key is not None else DEFAULT
    if not isinstance(cache_policy, CachePolicy):
        raise TypeError(f"cache_policy must be a CachePolicy, not {cache_policy!r}")
    return cache_policy


class Task(Generic[P, R]):
    """A function turned into a task. Call it inside a flow to run it as a task run."""

    def __init__(
        self,
        fn: Callable[P, R],
        name: str | None = None,
        description: str | None = None,
        tags: Iterable[str] | None = None,
        version: str | None = None,
        cache_policy: Any = NotSet,
        cache_key_fn: Callable[..., str | None] | None = None,
        cache_expiration: Any = None,
        task_run_name: str | Callable[[], str] | None = None,
        retries: int | None = None,
        retry_delay_seconds: RetryDelay = None,
        retry_jitter_factor: float | None = None,
        persist_result: bool | None = None,
        result_storage: Any = None,
        result_serializer: Any = None,
        result_storage_key: str | None = None,
        cache_result_in_memory: bool = True,
        timeout_seconds: float | None = None,
        log_prints: bool | None = False,
        refresh_cache: bool | None = None,
        on_completion: list[Callable[..., Any]] | None = None,
        on_failure: list[Callable[..., Any]] | None = None,
        retry_condition_fn: Callable[..., bool] | None = None,
        viz_return_value: Any = None,
    ) -> None:
        options = {k: v for k, v in locals().items() if k not in ("self", "fn", "__class__")}
        if not callable(fn):
            raise TypeError("@task needs a function")
        if retries is not None and retries < 0:
            raise ValueError("retries must be 0 or more")
        if retry_jitter_factor is not None and retry_jitter_factor < 0:
            raise ValueError("retry_jitter_factor must be 0 or more")
        self.fn = fn
        self.name = name or fn.__name__
        self.description = description or inspect.getdoc(fn)
        self.tags = set(tags or ())
        self.version = version
        self.isasync = inspect.iscoroutinefunction(fn)
        self.task_key = task_key_of(fn)
        self.retries = retries or 0
        self.retry_delay_seconds = retry_delay_seconds
        self.retry_jitter_factor = retry_jitter_factor
        self.timeout_seconds = timeout_seconds
        self.task_run_name = task_run_name
        self.log_prints = log_prints
        self.persist_result = _persist_result(
            persist_result,
            cache_policy,
            cache_key_fn,
            result_storage_key,
            result_storage,
            result_serializer,
        )
        self.cache_policy = _cache_policy(
            self.persist_result, cache_policy, cache_key_fn, result_storage_key
        )
        self.cache_key_fn = cache_key_fn
        self.cache_expiration = cache_expiration
        self.refresh_cache = refresh_cache
        if result_storage is not None:  # a bad one fails here, not in a run
            check_result_storage(result_storage)
        self.result_storage = result_storage
        self.result_serializer = result_serializer
        self.result_storage_key = result_storage_key
        self.cache_result_in_memory = cache_result_in_memory
        self.on_completion_hooks = list(on_completion or [])
        self.on_failure_hooks = list(on_failure or [])
        self.retry_condition_fn = retry_condition_fn
        self.viz_return_value = viz_return_value
        self._options = options
        functools.update_wrapper(self, fn)

    @property
    def delays(self) -> list[float]:
        return retry_delays(self.retries, self.retry_delay_seconds)

    def with_options(self, **changes: Any) -> Task[P, R]:
        """A copy of this task with some options changed (as Prefect's)."""
        options = {**self._options, **changes}
        return Task(self.fn, **options)

    def on_completion(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_completion_hooks.append(fn)
        return fn

    def on_failure(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_failure_hooks.append(fn)
        return fn

    def __repr__(self) -> str:
        return f"Task(name={self.name!r})"

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        bound = self.with_options()
        bound.fn = self.fn.__get__(instance, owner)
        return bound

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        from flowql.sdk.engine.task_engine import call_task

        return call_task(self, args, kwargs)  # type: ignore[no-any-return]

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        """Run the task concurrently on the flow's task runner; returns a future."""
        from flowql.sdk.engine.task_engine import submit_task

        return submit_task(self, args, kwargs)

    def map(self, *args: Any, **kwargs: Any) -> Any:
        """Submit one run per element of the iterable arguments; returns a future list."""
        from flowql.sdk.engine.task_engine import map_task

        return map_task(self, args, kwargs)

    def delay(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("task.delay() needs task workers (a later flowql release)")


@overload
def task(__fn: Callable[P, R]) -> Task[P, R]: ...


@overload
def task(__fn: None = None, **options: Any) -> Callable[[Callable[P, R]], Task[P, R]]: ...


def task(__fn: Callable[P, R] | None = None, **options: Any) -> Any:
    """Turn a function into a task: ``@task`` or ``@task(retries=3, ...)``."""
    if __fn is not None:
        return Task(__fn, **options)
    return lambda fn: Task(fn, **options)
