"""Results and caching of task runs, for the task engine.

A task whose result persists (``persist_result``, its flow's, or the setting;
a cache policy or a result location turns it on, as in Prefect 3) gets a
:class:`TaskResults` per run; every other task gets None and pays nothing.

Before the run proposes RUNNING, its cache key is computed (``cache_key_fn``,
the cache policy, or ``result_storage_key``) and looked up:

1. this process's index of keys completed here (recording is batched: they
   may not be committed yet), then
2. the result file under the key in this task's storage (none: a miss,
   without asking the database), then
3. the database: the newest COMPLETED run with the key and no past
   ``cache_expiration`` (``sdk/client/cache_lookup.py``); its state's result
   reference must load, or it is a miss.

A hit goes to the orchestration rules as ``cached_state`` and the run becomes
COMPLETED/Cached without running. On success the value is written to storage
and the COMPLETED state carries its reference. With SERIALIZABLE isolation
the lookup, the run and the recording of its outcome happen under a lock per
key, so concurrent runs with the key compute once.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flowql.core.ids import new_id
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.orchestration import StateSnapshot
from flowql.sdk import context as ctx
from flowql.sdk.results.cache_policies import CachePolicy, hash_objects
from flowql.sdk.results.isolation import IsolationLevel
from flowql.sdk.results.serializers import resolve_serializer
from flowql.sdk.results.storage import resolve_storage
from flowql.sdk.results.store import ResultStore, result_store
from flowql.sdk.states.details import PersistedResult
from flowql.sdk.states.state import State

logger = logging.getLogger("flowql.task_engine")

_SAFE_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}")

_indexes: weakref.WeakKeyDictionary[Any, dict[str, tuple[PersistedResult, datetime | None]]] = (
    weakref.WeakKeyDictionary()
)
_indexes_lock = threading.Lock()


def _index(runtime: Any) -> dict[str, tuple[PersistedResult, datetime | None]]:
    """Cache keys completed in this process (per runtime): not all committed yet."""
    with _indexes_lock:
        return _indexes.setdefault(runtime, {})


def should_persist(option: bool | None, flow: Any, settings: Any) -> bool:
    """The run's own choice, else its flow's, else ``results_persist_by_default``."""
    if option is not None:
        return option
    flow_option = getattr(flow, "persist_result", None)
    if flow_option is not None:
        return bool(flow_option)
    return bool(settings.results_persist_by_default)


def store_for(own: Any, flow: Any, settings: Any, *, storage: str, serializer: str) -> ResultStore:
    """The store of a run: its own storage and serializer, else its flow's, else defaults."""
    where = getattr(own, storage, None)
    if where is None:
        where = getattr(flow, storage, None)
    how = getattr(own, serializer, None)
    if how is None:
        how = getattr(flow, serializer, None)
    location = resolve_storage(where, settings.effective_storage_path)
    return result_store(str(location.basepath), resolve_serializer(how), location.storage_block_id)


def persisted_failure(failed: State[Any], own: Any, flow: Any, settings: Any) -> State[Any]:
    """``failed`` with its exception persisted to the store of ``own`` (a flow run's);
    as it is when even the store cannot be had (the run fails for its own reason)."""
    from flowql.sdk.results.failures import persist_failure

    try:
        store = store_for(
            own, flow, settings, storage="result_storage", serializer="result_serializer"
        )
    except Exception as problem:
        logger.warning("the exception of a failed run was not persisted: %s", problem)
        return failed
    return persist_failure(failed, store)


@dataclass(slots=True)
class TaskResults:
    """How one task run persists and caches its result, and the key it computed."""

    runtime: Any
    store: ResultStore
    policy: CachePolicy
    refresh: bool
    cache_expiration: timedelta | None
    in_memory: bool
    storage_key_template: str | None
    cache_key: str | None = None
    storage_key: str | None = None
    expiration: datetime | None = None

    def compute_key(self, task: Any, record: Any, parameters: dict[str, Any]) -> None:
        """Compute the cache and storage keys (a policy that fails means no caching)."""
        flow_context = ctx.current_flow_run_context()
        flow_run = flow_context.flow_run if flow_context is not None else None
        task_ctx = ctx.TaskRunContext(
            task=task,
            task_run=ctx.TaskRunInfo(
                id=record.id,
                name=record.name,
                task_key=record.task_key,
                dynamic_key=record.dynamic_key,
                flow_run_id=record.flow_run_id,
                tags=record.tags,
                run_count=record.run_count,
            ),
        )
        template = self.storage_key_template
        if template is not None:
            self.storage_key = template.format(
                parameters=parameters, task_run=task_ctx.task_run, flow_run=flow_run
            )
        try:
            flow_parameters = flow_run.parameters if flow_run is not None else {}
            key = self.policy.compute_key(task_ctx, parameters, flow_parameters)
        except Exception as error:
            logger.warning("task %r: no cache key (%s); the run is not cached", task.name, error)
            key = None
        self.cache_key = key if key is not None else self.storage_key
        if self.storage_key is None and self.cache_key is not None:
            key = self.cache_key
            self.storage_key = key if _SAFE_KEY.fullmatch(key) else hash_objects(key)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """With SERIALIZABLE isolation, hold the key's lock until the outcome is recorded."""
        level = self.policy.isolation_level
        if level is not IsolationLevel.SERIALIZABLE or self.storage_key is None:
            yield
            return
        with self.store.lock(self.storage_key):
            try:
                yield
            finally:
                # Another process's lookup reads the database: commit before releasing.
                self.runtime.recorder.flush()

    def lookup(self) -> tuple[StateSnapshot, PersistedResult] | None:
        """A valid cached result for the key, or None (see the module docstring)."""
        key, storage_key = self.cache_key, self.storage_key
        if key is None or storage_key is None or self.refresh:
            return None
        now = utcnow()
        known = _index(self.runtime).get(key)
        if known is not None and (known[1] is None or known[1] > now):
            holder = known[0]
            if self.store.path_for(storage_key).exists():
                return _hit(holder.reference, holder, key, known[1])
        metadata = self.store.read_metadata(storage_key)
        if metadata is None or metadata.is_expired(now):
            return None
        reference = _find_in_database(self.runtime, key, now)
        if reference is None:
            return None
        try:
            holder = PersistedResult(reference, PersistedResult(reference).get())
        except Exception as error:  # missing, corrupt, or of an unknown serializer: a miss
            logger.debug("cache key %s: stored result unreadable (%s)", key, error)
            return None
        expiration = metadata.expiration
        return _hit(
            reference, holder if self.in_memory else PersistedResult(reference), key, expiration
        )

    def persist(self, value: Any) -> PersistedResult:
        """Write ``value`` to storage; the state's data becomes its reference."""
        if self.storage_key is None:
            self.storage_key = new_id().hex
        if self.cache_key is not None and self.cache_expiration is not None:
            self.expiration = utcnow() + self.cache_expiration
        record = self.store.write(self.storage_key, value, self.expiration)
        reference = record.metadata.reference()
        return PersistedResult(reference, value) if self.in_memory else PersistedResult(reference)

    def persist_failure(self, failed: State[Any]) -> State[Any]:
        """``failed`` with its exception persisted (never under the cache key: a
        failure is no cached result); it loads in any process."""
        from flowql.sdk.results.failures import persist_failure

        return persist_failure(failed, self.store)

    def remember(self, holder: PersistedResult) -> None:
        """Index a completed key for later runs in this process."""
        if self.cache_key is not None:
            _index(self.runtime)[self.cache_key] = (holder, self.expiration)

    def details(self) -> dict[str, Any]:
        """State details naming the key (as Prefect's ``cache_key``, ``cache_expiration``)."""
        expiration = None if self.expiration is None else self.expiration.isoformat()
        return {"cache_key": self.cache_key, "cache_expiration": expiration}


_readers: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _find_in_database(runtime: Any, key: str, now: datetime) -> dict[str, Any] | None:
    """The database lookup: in this thread on embedded SQLite, else on the SDK's loop."""
    from flowql.sdk.client.cache_lookup import find_cached_reference

    with _indexes_lock:
        if runtime not in _readers:
            _readers[runtime] = _sqlite_reader(runtime)
        reader = _readers[runtime]
    if reader is not None:
        try:
            return reader.find(key, now)  # type: ignore[no-any-return]
        except sqlite3.Error as error:  # e.g. a database it cannot read: ask the loop
            logger.debug("cache lookup through sqlite3 failed (%s)", error)
    return runtime.call(find_cached_reference(runtime.api, key, now))  # type: ignore[no-any-return]


def _sqlite_reader(runtime: Any) -> Any:
    from flowql.sdk.client.cache_lookup import SqliteCacheReader
    from flowql.sdk.client.transport import EmbeddedTransport

    transport = runtime.transport
    if not isinstance(transport, EmbeddedTransport) or not transport.db.is_sqlite:
        return None
    runtime.call(transport.ensure_ready())
    database = transport.db.engine.url.database
    if not database or database == ":memory:":
        return None
    try:
        reader = SqliteCacheReader(database)
    except sqlite3.Error:
        return None
    weakref.finalize(runtime, reader.close)
    return reader


def _hit(
    reference: dict[str, Any], holder: PersistedResult, key: str, expiration: datetime | None
) -> tuple[StateSnapshot, PersistedResult]:
    details = {
        "cache_key": key,
        "cache_expiration": None if expiration is None else expiration.isoformat(),
    }
    snapshot = StateSnapshot(
        type=StateType.COMPLETED,
        name="Completed",
        timestamp=utcnow(),
        details=details,
        data=reference,
    )
    return snapshot, holder


def task_results(task: Any, runtime: Any) -> TaskResults | None:
    """How a run of ``task`` handles its result; None when it does not persist (hot path)."""
    option = task.persist_result
    if option is False:
        return None
    flow_context = ctx.current_flow_run_context()
    flow = flow_context.flow if flow_context is not None else None
    settings = runtime.settings
    if not should_persist(option, flow, settings):
        return None
    refresh = task.refresh_cache
    expiration = task.cache_expiration
    if expiration is not None and not isinstance(expiration, timedelta):
        raise TypeError(f"cache_expiration must be a timedelta, not {expiration!r}")
    return TaskResults(
        runtime=runtime,
        store=store_for(
            task, flow, settings, storage="result_storage", serializer="result_serializer"
        ),
        policy=task.cache_policy,
        refresh=settings.tasks_refresh_cache if refresh is None else bool(refresh),
        cache_expiration=expiration,
        in_memory=bool(task.cache_result_in_memory),
        storage_key_template=task.result_storage_key,
    )


def reusable_result(orchestrator: Any) -> tuple[StateSnapshot, PersistedResult] | None:
    """For a retrying flow: the persisted result the run's previous attempt completed
    with (its identity is the same run), if it still loads."""
    current = orchestrator.current
    if current is None or current.type is not StateType.COMPLETED or current.data is None:
        return None
    reference = current.data
    try:
        holder = PersistedResult(reference, PersistedResult(reference).get())
    except Exception:
        return None
    return current, holder
