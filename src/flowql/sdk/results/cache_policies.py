"""Cache policies, as ``prefect.cache_policies``: how a task run's cache key is computed.

A policy's ``compute_key(task_ctx, inputs, flow_parameters)`` returns a key or
None (no caching). Policies combine with ``+`` (a key from all of them) and
``INPUTS - "name"`` leaves a parameter out. ``DEFAULT`` is
``INPUTS + TASK_SOURCE + RUN_ID``: the same call in the same flow run is
served from the cache. ``policy.configure(isolation_level="SERIALIZABLE")``
makes concurrent runs with one key compute once (a lock per key).
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flowql.sdk.results.isolation import IsolationLevel


class _NotSetType:
    """The default of ``cache_policy``: DEFAULT when results persist (not None: no cache)."""

    _instance: _NotSetType | None = None

    def __new__(cls) -> _NotSetType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NotSet"

    def __reduce__(self) -> str:
        return "NotSet"


NotSet = _NotSetType()


def hash_objects(*objects: Any) -> str | None:
    """A stable hex digest of ``objects``: JSON when possible, else cloudpickle; None if neither."""
    try:
        blob = json.dumps(objects, sort_keys=True, default=_json_default).encode()
    except (TypeError, ValueError):
        import cloudpickle  # type: ignore[import-untyped]

        try:
            blob = cloudpickle.dumps(objects)
        except Exception:
            return None
    return hashlib.md5(blob, usedforsecurity=False).hexdigest()


def _json_default(value: Any) -> Any:
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(value)


@dataclass(frozen=True)
class CachePolicy:
    """Base class: computes a task run's cache key (None: do not cache)."""

    isolation_level: IsolationLevel | None = field(default=None, kw_only=True, compare=False)

    @classmethod
    def from_cache_key_fn(cls, cache_key_fn: Callable[..., str | None]) -> CacheKeyFnPolicy:
        """A policy calling ``cache_key_fn(context, parameters)``."""
        return CacheKeyFnPolicy(cache_key_fn=cache_key_fn)

    def compute_key(
        self,
        task_ctx: Any,
        inputs: dict[str, Any],
        flow_parameters: dict[str, Any],
        **kwargs: Any,
    ) -> str | None:
        """The cache key for this call, or None."""
        raise NotImplementedError

    def configure(
        self,
        key_storage: Any = None,
        lock_manager: Any = None,
        isolation_level: IsolationLevel | str | None = None,
    ) -> CachePolicy:
        """A copy with ``isolation_level`` set (``key_storage``/``lock_manager``: not supported)."""
        if key_storage is not None or lock_manager is not None:
            raise NotImplementedError("flowql keeps results in result_storage and locks by file")
        level = None if isolation_level is None else IsolationLevel(isolation_level)
        return dataclasses.replace(self, isolation_level=level)

    def __add__(self, other: CachePolicy) -> CachePolicy:
        if isinstance(other, _None):
            return self
        mine = self.policies if isinstance(self, CompoundCachePolicy) else [self]
        theirs = other.policies if isinstance(other, CompoundCachePolicy) else [other]
        level = self.isolation_level or other.isolation_level
        return CompoundCachePolicy(policies=[*mine, *theirs], isolation_level=level)


@dataclass(frozen=True)
class CacheKeyFnPolicy(CachePolicy):
    """The key ``cache_key_fn(context, parameters)`` returns (Prefect's ``cache_key_fn=``)."""

    cache_key_fn: Callable[..., str | None] | None = None

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """``cache_key_fn(task_ctx, inputs)``."""
        if self.cache_key_fn is None:
            return None
        return self.cache_key_fn(task_ctx, inputs)


@dataclass(frozen=True)
class CompoundCachePolicy(CachePolicy):
    """A key from every policy's key; None only when none of them gives one."""

    policies: list[CachePolicy] = field(default_factory=list)

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """The hash of the keys of ``policies``."""
        keys = [p.compute_key(task_ctx, inputs, flow_parameters, **kwargs) for p in self.policies]
        if all(key is None for key in keys):
            return None
        return hash_objects(*keys)

    def __sub__(self, name: str) -> CachePolicy:
        policies = [p - name if isinstance(p, Inputs) else p for p in self.policies]
        return dataclasses.replace(self, policies=policies)


@dataclass(frozen=True)
class _None(CachePolicy):
    """Never caches; ``NO_CACHE + policy`` is ``policy``."""

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """None: no key."""
        return None

    def __add__(self, other: CachePolicy) -> CachePolicy:
        return other


@dataclass(frozen=True)
class TaskSource(CachePolicy):
    """The task function's source code (a changed body is a new key)."""

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """A hash of the source of ``task_ctx.task.fn``."""
        fn = task_ctx.task.fn
        try:
            source: Any = inspect.getsource(fn)
        except (OSError, TypeError):
            code = getattr(fn, "__code__", None)
            source = code.co_code.hex() if code is not None else fn.__qualname__
        return hash_objects(source)


@dataclass(frozen=True)
class FlowParameters(CachePolicy):
    """The parameters of the enclosing flow run."""

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """A hash of ``flow_parameters`` (None outside a flow)."""
        return None if not flow_parameters else hash_objects(flow_parameters)


@dataclass(frozen=True)
class RunId(CachePolicy):
    """The flow run (or, outside a flow, the task run): a retry reuses, a new run does not."""

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """The flow run id, else the task run id."""
        run = task_ctx.task_run
        return str(run.flow_run_id or run.id)


@dataclass(frozen=True)
class Inputs(CachePolicy):
    """The task's inputs (parameters), except those in ``exclude``."""

    exclude: list[str] = field(default_factory=list)

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        """A hash of the inputs; None (no caching) when they cannot be hashed."""
        kept = {name: value for name, value in inputs.items() if name not in self.exclude}
        return hash_objects(kept)

    def __sub__(self, name: str | Iterable[str]) -> Inputs:
        names = [name] if isinstance(name, str) else list(name)
        return dataclasses.replace(self, exclude=[*self.exclude, *names])


DEFAULT = CompoundCachePolicy(policies=[Inputs(), TaskSource(), RunId()])
INPUTS = Inputs()
NO_CACHE = _None()
TASK_SOURCE = TaskSource()
FLOW_PARAMETERS = FlowParameters()
RUN_ID = RunId()
