"""Persisted results, as ``prefect.results``: :class:`ResultStore` (a local
directory, by default ``FLOWQL_HOME/storage``), :class:`ResultRecord` and its
metadata. A state that points at a persisted result carries a JSON reference
in its ``data`` (see :mod:`flowql.core.result_files`); ``state.result()``
loads it in any process. ``result_storage`` may be a storage block or its
``"<block-type-slug>/<name>"`` (:func:`resolve_result_storage`); a failed run
that persists results persists its exception, read back as itself or as a
:class:`PersistedException`. The implementation lives in :mod:`flowql.sdk.results`."""

from __future__ import annotations

from typing import Any

from flowql.core.result_files import ResultNotFound, ResultRecordMetadata
from flowql.exceptions import FailedRun
from flowql.sdk.results.storage import StorageLocation, check_result_storage, resolve_storage
from flowql.sdk.results.store import ResultRecord, ResultStore, load_reference
from flowql.sdk.states.details import PersistedResult

__all__ = [
    "PersistedException",
    "PersistedResult",
    "ResultNotFound",
    "ResultRecord",
    "ResultRecordMetadata",
    "ResultStore",
    "StorageLocation",
    "check_result_storage",
    "get_default_result_storage",
    "get_result_store",
    "load_reference",
    "resolve_result_storage",
]


class PersistedException(FailedRun):
    """Stands in for a failed run's exception that could not be persisted as itself
    (it could not be pickled or unpickled, or the serializer is JSON).

    ``exception_type`` is its qualified type name (``"mymodule.MyError"``) and
    ``message`` its message; ``str()`` shows both. A ``FailedRun``, as the
    exception of a failed run read back without one always was.
    """

    def __init__(self, exception_type: str, message: str) -> None:
        super().__init__(f"{exception_type}: {message}")
        self.exception_type = exception_type
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.exception_type, self.message)


def get_default_result_storage() -> Any:
    """The storage results go to when neither a task nor its flow names one, as a
    ``LocalFileSystem`` block (as Prefect's): ``FLOWQL_LOCAL_STORAGE_PATH`` or
    ``FLOWQL_HOME/storage``."""
    from flowql.sdk.blocks.filesystems import LocalFileSystem
    from flowql.settings import Settings

    return LocalFileSystem(basepath=str(Settings().effective_storage_path))


def get_result_store() -> ResultStore:
    """The result store of the current run, as Prefect's: a task run's (its own
    ``result_storage`` and ``result_serializer``, else its flow's), a flow run's,
    or, outside a run, the default store."""
    from flowql.sdk import context as ctx
    from flowql.sdk.engine.caching import store_for
    from flowql.sdk.engine.runtime import get_runtime

    task_context = ctx.current_task_run_context()
    flow_context = ctx.current_flow_run_context()
    flow = flow_context.flow if flow_context is not None else None
    own = task_context.task if task_context is not None else flow
    if own is None:
        return ResultStore()
    settings = get_runtime().settings
    owner = flow if own is not flow else None
    return store_for(own, owner, settings, storage="result_storage", serializer="result_serializer")


def resolve_result_storage(result_storage: Any) -> StorageLocation:
    """Where ``result_storage`` (a storage block, ``"<block-type-slug>/<name>"`` of a
    saved one, or a path) keeps results, as Prefect's ``resolve_result_storage``;
    a slug loads its block (``ValueError`` when it cannot, ``TypeError`` when the
    block cannot store results)."""
    from flowql.settings import Settings

    return resolve_storage(result_storage, Settings().effective_storage_path)
