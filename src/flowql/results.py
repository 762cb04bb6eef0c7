"""Persisted results, as ``prefect.results``: :class:`ResultStore` (a local
directory, by default ``FLOWQL_HOME/storage``), :class:`ResultRecord` and its
metadata. A state that points at a persisted result carries a JSON reference
in its ``data`` (see :mod:`flowql.core.result_files`); ``state.result()``
loads it in any process. The implementation lives in :mod:`flowql.sdk.results.store`."""

from __future__ import annotations

from flowql.core.result_files import ResultNotFound, ResultRecordMetadata
from flowql.sdk.results.store import ResultRecord, ResultStore, load_reference
from flowql.sdk.states.details import PersistedResult

__all__ = [
    "PersistedResult",
    "ResultNotFound",
    "ResultRecord",
    "ResultRecordMetadata",
    "ResultStore",
    "get_default_result_storage",
    "load_reference",
]


def get_default_result_storage() -> ResultStore:
    """The store results go to when neither the task nor its flow names one."""
    from flowql.settings import Settings

    return ResultStore(Settings().effective_storage_path)
