"""The ``@flow`` decorator: a Flow holds the function and its options; the flow
engine runs it (``flowql.sdk.engine.flow_engine``)."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar, overload

from flowql.sdk.results.storage import check_result_storage

P = ParamSpec("P")
R = TypeVar("R")

_NAME_FORBIDDEN = re.compile(r"[/%&><]")


def _check_name(name: str) -> str:
    if _NAME_FORBIDDEN.search(name):
        raise ValueError(f"flow name {name!r} must not contain / % & > or <")
    return name


class Flow(Generic[P, R]):
    """A function turned into a flow. Calling it creates and runs a flow run."""

    def __init__(
        self,
        fn: Callable[P, R],
        name: str | None = None,
        version: str | None = None,
        flow_run_name: str | Callable[[], str] | None = None,
        retries: int | None = None,
        retry_delay_seconds: float | int | None = None,
        task_runner: Any = None,
        description: str | None = None,
        timeout_seconds: float | int | None = None,
        validate_parameters: bool = True,
        persist_result: bool | None = None,
        result_storage: Any = None,
        result_serializer: Any = None,
        cache_result_in_memory: bool = True,
        log_prints: bool | None = None,
        on_completion: list[Callable[..., Any]] | None = None,
        on_failure: list[Callable[..., Any]] | None = None,
        on_cancellation: list[Callable[..., Any]] | None = None,
        on_crashed: list[Callable[..., Any]] | None = None,
        on_running: list[Callable[..., Any]] | None = None,
    ) -> None:
        if not callable(fn):
            raise TypeError("@flow needs a function")
        if retries is not None and retries < 0:
            raise ValueError("retries must be 0 or more")
        if timeout_seconds is not None and timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be greater than 0")
        self.fn = fn
        self.name = _check_name(name or fn.__name__.replace("_", "-"))
        self.version = version
        self.flow_run_name = flow_run_name
        self.retries = retries or 0
        self.retry_delay_seconds = float(retry_delay_seconds or 0)
        self.task_runner = task_runner
        self.description = description or inspect.getdoc(fn)
        self.timeout_seconds = float(timeout_seconds) if timeout_seconds else None
        self.should_validate_parameters = validate_parameters
        # As Prefect 3: choosing where or how to store results turns persistence on.
        located = result_storage is not None or result_serializer is not None
        self.persist_result = True if persist_result is None and located else persist_result
        if result_storage is not None:  # a bad one fails here, not in a run
            check_result_storage(result_storage)
        self.result_storage = result_storage
        self.result_serializer = result_serializer
        self.cache_result_in_memory = cache_result_in_memory
        self.log_prints = log_prints
        self.isasync = inspect.iscoroutinefunction(fn)
        self.on_completion_hooks = list(on_completion or [])
        self.on_failure_hooks = list(on_failure or [])
        self.on_cancellation_hooks = list(on_cancellation or [])
        self.on_crashed_hooks = list(on_crashed or [])
        self.on_running_hooks = list(on_running or [])
        self._options = {
            k: v for k, v in locals().items() if k not in ("self", "fn", "__class__", "located")
        }
        functools.update_wrapper(self, fn)

    def with_options(self, **changes: Any) -> Flow[P, R]:
        """A copy of this flow with some options changed (as Prefect's)."""
        return Flow(self.fn, **{**self._options, **changes})

    def validate_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        from flowql.sdk.parameters import validate_parameters

        return validate_parameters(self.fn, parameters)

    def parameters(self) -> dict[str, Any]:
        """The JSON Schema of the flow's parameters."""
        from flowql.sdk.parameters import parameter_schema

        return parameter_schema(self.fn)

    def on_completion(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_completion_hooks.append(fn)
        return fn

    def on_failure(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_failure_hooks.append(fn)
        return fn

    def on_cancellation(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_cancellation_hooks.append(fn)
        return fn

    def on_crashed(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_crashed_hooks.append(fn)
        return fn

    def on_running(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.on_running_hooks.append(fn)
        return fn

    def __repr__(self) -> str:
        return f"Flow(name={self.name!r})"

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        from flowql.sdk.engine.flow_engine import call_flow

        return call_flow(self, args, kwargs)  # type: ignore[no-any-return]

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        """Run this flow as a subflow concurrently; returns a future (flowql extension)."""
        from flowql.sdk.engine.flow_engine import submit_flow

        return submit_flow(self, args, kwargs)

    def map(self, *args: Any, **kwargs: Any) -> Any:
        """Submit one subflow run per element of the iterable arguments (flowql extension)."""
        from flowql.sdk.engine.flow_engine import map_flow

        return map_flow(self, args, kwargs)


@overload
def flow(__fn: Callable[P, R]) -> Flow[P, R]: ...


@overload
def flow(__fn: None = None, **options: Any) -> Callable[[Callable[P, R]], Flow[P, R]]: ...


def flow(__fn: Callable[P, R] | None = None, **options: Any) -> Any:
    """Turn a function into a flow: ``@flow`` or ``@flow(name=..., retries=...)``."""
    if __fn is not None:
        return Flow(__fn, **options)
    return lambda fn: Flow(fn, **options)
