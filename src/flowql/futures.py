"""Futures of submitted runs, as ``prefect.futures``."""

from flowql.sdk.futures import (
    DoneAndNotDoneFutures,
    FlowqlFuture,
    PrefectConcurrentFuture,
    PrefectFuture,
    PrefectFutureList,
    as_completed,
    resolve_futures_to_results,
    resolve_futures_to_states,
    wait,
)

__all__ = [
    "DoneAndNotDoneFutures",
    "FlowqlFuture",
    "PrefectConcurrentFuture",
    "PrefectFuture",
    "PrefectFutureList",
    "as_completed",
    "resolve_futures_to_results",
    "resolve_futures_to_states",
    "wait",
]
