"""Pieces every run call shares: Prefect's reserved call arguments and waiting."""

from __future__ import annotations

import time
from typing import Any

from flowql.core.time import utcnow
from flowql.sdk.states import State


def split_reserved(kwargs: dict[str, Any]) -> tuple[dict[str, Any], bool, Any]:
    """``(parameters, return_state, wait_for)``: the reserved keywords of a task or
    flow call (as in Prefect) taken out of the call's keyword arguments."""
    kwargs = dict(kwargs)
    return kwargs, bool(kwargs.pop("return_state", False)), kwargs.pop("wait_for", None)


def sleep_until(state: State[Any]) -> None:
    """Sleep until a SCHEDULED state (an AwaitingRetry) is due."""
    scheduled = state.scheduled_time
    if scheduled is not None:
        time.sleep(max(0.0, (scheduled - utcnow()).total_seconds()))
