"""Isolation levels of cached task runs, as ``prefect.transactions.IsolationLevel``.

``READ_COMMITTED`` (the default): concurrent runs with the same cache key may
both compute; each writes the whole result atomically, so readers see one of
them. ``SERIALIZABLE``: a lock per cache key (a file lock under the result
storage, so it holds across processes) makes the others wait and then take
the first one's result from the cache.
"""

from __future__ import annotations

import enum


class IsolationLevel(enum.StrEnum):
    """How concurrent task runs with one cache key are isolated."""

    READ_COMMITTED = "READ_COMMITTED"
    SERIALIZABLE = "SERIALIZABLE"
