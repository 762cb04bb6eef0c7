"""Isolation levels, as ``prefect.transactions.IsolationLevel``: give one to a cache
policy (``INPUTS.configure(isolation_level="SERIALIZABLE")``) so that concurrent
task runs with the same cache key compute once (a file lock per key, across
processes). ``READ_COMMITTED``, the default, lets them all compute. The
implementation lives in :mod:`flowql.sdk.results.isolation`."""

from flowql.sdk.results.isolation import IsolationLevel

__all__ = ["IsolationLevel"]
