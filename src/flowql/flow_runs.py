"""Waiting for a flow run to finish, as ``prefect.flow_runs``: ``wait_for_flow_run``.

``from prefect.flow_runs import wait_for_flow_run`` becomes ``from flowql.flow_runs
import wait_for_flow_run``. As in Prefect 3 it watches the run's state changes
instead of polling the API: it subscribes to them first (``flowRunUpdates``
filtered by the run's id, from now on: ``after: "HEAD"``), then reads the run
once, so a run that is over already returns at once and no change can slip
between the read and the subscription. In remote mode the changes come over a
websocket, resumed from the last cursor after a dropped connection; in
embedded mode the same subscription runs in this process and reads the local
database every ``poll_interval`` seconds (see ``flowql.sdk.client.subscriptions``).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import TYPE_CHECKING, Any

from flowql.core.states import StateType
from flowql.exceptions import FlowRunWaitTimeout, ObjectNotFound

if TYPE_CHECKING:
    from flowql.client.orchestration import FlowqlClient
    from flowql.client.schemas.objects import FlowRun

__all__ = ["wait_for_flow_run"]


async def wait_for_flow_run(
    flow_run_id: uuid.UUID | str,
    timeout: float | None = 10800,  # noqa: ASYNC109 - Prefect's signature
    poll_interval: float | None = None,
    client: FlowqlClient | None = None,
    log_states: bool = False,
) -> FlowRun:
    """Wait until the flow run is in a final state and return it, as ``read_flow_run`` does.

    Args:
        flow_run_id: The flow run to wait for.
        timeout: Seconds to wait at most (default 3 hours; None: no limit).
        poll_interval: Embedded mode only: seconds between reads of the local
            database (default ``FLOWQL_SUBSCRIPTION_POLL_SECONDS``, 0.5). In
            remote mode the server pushes each change and this is ignored (Prefect
            3 deprecated it for the same reason).
        client: The ``get_client()`` client to use; one is made (and closed) if None.
        log_states: Log each state the run enters, on the ``flowql`` logger.

    Returns:
        The finished flow run (COMPLETED, FAILED, CANCELLED or CRASHED).

    Raises:
        FlowRunWaitTimeout: The run was not over after ``timeout`` seconds.
        ObjectNotFound: There is no such flow run (or it was deleted meanwhile).

    Example:
        ``flow_run = await wait_for_flow_run(flow_run_id, timeout=600)``
    """
    if client is None:
        from flowql.client.orchestration import get_client

        async with get_client() as owned:
            return await wait_for_flow_run(flow_run_id, timeout, poll_interval, owned, log_states)
    watch = asyncio.timeout(timeout)
    try:
        async with watch:
            return await _watch(client, str(flow_run_id), poll_interval, log_states)
    except TimeoutError:
        if not watch.expired():
            raise
    raise FlowRunWaitTimeout(
        f"Flow run with ID {flow_run_id} exceeded watch timeout of {timeout} seconds"
    )


async def _watch(
    client: FlowqlClient, run_id: str, poll_interval: float | None, log_states: bool
) -> FlowRun:
    from flowql.sdk.client.errors import ApiError
    from flowql.sdk.client.operations import operation
    from flowql.sdk.client.subscriptions import retry_unreachable, subscribe

    states = _StateLog(client, run_id) if log_states else None
    variables = {"filter": {"id": {"any": [run_id]}}, "after": "HEAD"}
    updates = subscribe(
        client.transport, operation("WatchFlowRuns"), variables, poll_interval=poll_interval
    )
    subscribed = False
    async with contextlib.aclosing(updates):
        async for message in updates:
            if not subscribed:  # every change from here on is a message: read where it is
                subscribed = True
                flow_run = await retry_unreachable(lambda: client.read_flow_run(run_id))
                final = flow_run.state is not None and flow_run.state.is_final()
                if states is not None:
                    await states.start(log_current=final)
                if final:
                    return flow_run
            if run_id in message["deletedIds"]:
                raise ObjectNotFound(f"flow run {run_id} was deleted while waiting for it")
            if message["flowRuns"]:  # the filter selects this run alone
                if states is not None:
                    await states.log_new()
                if _is_final(message["flowRuns"][-1]):
                    return await retry_unreachable(lambda: client.read_flow_run(run_id))
    raise ApiError(f"the subscription to flow run {run_id} ended")  # never: they do not end


class _StateLog:
    """Logs each state the run enters, once and in order (``log_states=True``).

    A message shows the run as it is now: states it passed through between two
    reads come as one change (always in embedded mode, where the database is
    read every ``poll_interval``). So on each change the run's state history
    is read, and the states not logged yet are logged.
    """

    def __init__(self, client: FlowqlClient, run_id: str) -> None:
        from flowql.sdk.logging import get_logger, setup_logging

        setup_logging()  # as importing prefect does: the lines reach the console
        self.logger = get_logger()
        self.client, self.run_id = client, run_id
        self.logged: set[uuid.UUID | None] = set()

    async def start(self, *, log_current: bool) -> None:
        """Take the states so far as logged, but the current one if ``log_current``."""
        history = await self._history()
        self.logged = {state.id for state in (history[:-1] if log_current else history)}
        await self.log_new()

    async def log_new(self) -> None:
        for state in await self._history():
            if state.id not in self.logged:
                self.logged.add(state.id)
                self.logger.info("Flow run is in state %r", state.name)

    async def _history(self) -> list[Any]:
        from flowql.sdk.client.subscriptions import retry_unreachable

        return await retry_unreachable(lambda: self.client.read_flow_run_states(self.run_id))


def _is_final(run: dict[str, Any]) -> bool:
    return StateType(run["stateType"]).is_terminal
