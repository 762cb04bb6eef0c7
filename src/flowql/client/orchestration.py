"""``get_client()``: Prefect's ``PrefectClient`` read API, over flowql's GraphQL API.

``async with get_client() as client: await client.read_flow_runs(...)`` works
as in Prefect, with Prefect's filter, sort and object classes (from
``flowql.client.schemas``). ``get_client(sync_client=True)`` gives the same
methods, blocking. The client speaks the transport the settings choose:
in-process on the local database (embedded) or HTTP to ``FLOWQL_API_URL``.

Lists are read by walking the API's cursor pages (200 rows each): ``offset``
rows are skipped (asking for cursors only), then ``limit`` rows are returned
(all of them when ``limit`` is None). Anything flowql cannot do (a
deployment filter, an ``or_`` operator...) raises ``NotImplementedError``
rather than being ignored; API errors raise ``ApiError``, missing objects
``ObjectNotFound``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from flowql.client.artifacts import ArtifactMethods
from flowql.client.blocks import BlockMethods
from flowql.client.checks import (
    mutation_payload,
    reject_unsupported,
)
from flowql.client.schemas import filters as f
from flowql.client.schemas import sorting
from flowql.client.schemas.actions import StateCreate
from flowql.client.schemas.objects import (
    Flow,
    FlowRun,
    Log,
    OrchestrationResult,
    TaskRun,
    state_from_api,
)
from flowql.client.variables import VariableMethods

if TYPE_CHECKING:
    from flowql.client.sync_client import SyncFlowqlClient, SyncPrefectClient

__all__ = [
    "FlowqlClient",
    "PrefectClient",
    "SyncFlowqlClient",
    "SyncPrefectClient",
    "get_client",
]


class FlowqlClient(VariableMethods, ArtifactMethods, BlockMethods):
    """An async client for reading (and a little writing) through flowql's API.

    Use it as ``async with get_client() as client:``; it may be entered more
    than once and closes its transport when the last ``async with`` ends (or
    on ``await client.aclose()``).
    """

    async def api_healthcheck(self) -> Exception | None:
        """None if the API answers, else the exception raised trying (as Prefect)."""
        try:
            await self._execute("ClientHealthcheck")
        except Exception as error:
            return error
        return None

    async def read_flow_runs(
        self,
        *,
        flow_filter: f.FlowFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        deployment_filter: Any = None,
        work_pool_filter: Any = None,
        work_queue_filter: Any = None,
        sort: sorting.FlowRunSort | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[FlowRun]:
        """Flow runs matching every filter, in ``sort`` order (default ``ID_DESC``).

        ``flow_filter`` selects the runs of the matching flows. ``task_run_filter``
        and the deployment / work pool / work queue filters are not supported.
        """
        reject_unsupported(
            "read_flow_runs",
            task_run_filter=task_run_filter,
            deployment_filter=deployment_filter,
            work_pool_filter=work_pool_filter,
            work_queue_filter=work_queue_filter,
        )
        variables = {
            "filter": f.flow_run_input(flow_filter, flow_run_filter) or None,
            "orderBy": sorting.to_graphql(sorting.FlowRunSort, sort, sorting.FlowRunSort.ID_DESC),
        }
        nodes = await self._walk(
            "ClientReadFlowRuns", ("flowRuns",), variables, limit=limit, offset=offset
        )
        return [FlowRun.from_api(node) for node in nodes]

    async def count_flow_runs(
        self,
        *,
        flow_filter: f.FlowFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        deployment_filter: Any = None,
        work_pool_filter: Any = None,
        work_queue_filter: Any = None,
    ) -> int:
        """How many flow runs match every filter (see ``read_flow_runs``)."""
        reject_unsupported(
            "count_flow_runs",
            task_run_filter=task_run_filter,
            deployment_filter=deployment_filter,
            work_pool_filter=work_pool_filter,
            work_queue_filter=work_queue_filter,
        )
        variables = {"filter": f.flow_run_input(flow_filter, flow_run_filter) or None}
        data = await self._execute("ClientCountFlowRuns", variables)
        return int(data["flowRuns"]["totalCount"])

    async def read_flow_run(self, flow_run_id: uuid.UUID | str) -> FlowRun:
        """The flow run with this id; ``ObjectNotFound`` if there is none."""
        node = await self._read_one("ClientReadFlowRun", "flowRun", "flow run", id=str(flow_run_id))
        return FlowRun.from_api(node)

    async def read_flow_run_states(self, flow_run_id: uuid.UUID | str) -> list[Any]:
        """Every state the flow run has been in, oldest first."""
        nodes = await self._walk(
            "ClientReadFlowRunStates",
            ("flowRun", "stateHistory"),
            {"id": str(flow_run_id)},
            limit=None,
            offset=0,
        )
        return [state_from_api(node) for node in nodes]

    async def delete_flow_run(self, flow_run_id: uuid.UUID | str) -> None:
        """Delete the flow run with its task runs, states and logs.

        Raises ``ObjectNotFound`` if there is no such flow run.
        """
        data = await self._execute("ClientDeleteFlowRun", {"id": str(flow_run_id)})
        mutation_payload(data, "deleteFlowRun")

    async def set_flow_run_state(
        self,
        flow_run_id: uuid.UUID | str,
        state: Any,
        force: bool = False,
        *,
        transition_id: uuid.UUID | str | None = None,
    ) -> OrchestrationResult:
        """Propose ``state`` for the flow run; the orchestration rules decide.

        ``force=True`` skips the rules. ``transition_id`` makes a retried call
        idempotent (a fresh one is chosen when unset, as in Prefect). The
        state's result data is not sent (see ``StateCreate``).
        """
        chosen = str(transition_id or uuid.uuid4())
        proposal = StateCreate.from_state(state)
        # As Prefect: the proposal's details carry this call's transition id.
        details = {**proposal.state_details, "transition_id": chosen}
        proposal = proposal.model_copy(update={"state_details": details})
        variables = {
            "flowRunId": str(flow_run_id),
            "state": proposal.to_graphql(),
            "force": force,
            "transitionId": chosen,
        }
        data = await self._execute("SetFlowRunState", {"input": variables})
        return OrchestrationResult.from_api(mutation_payload(data, "setFlowRunState"))

    async def read_task_runs(
        self,
        *,
        flow_filter: f.FlowFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        deployment_filter: Any = None,
        sort: sorting.TaskRunSort | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[TaskRun]:
        """Task runs matching every filter, in ``sort`` order (default ``ID_DESC``).

        ``flow_run_filter`` and ``flow_filter`` select the task runs of the
        matching flow runs / flows.
        """
        reject_unsupported("read_task_runs", deployment_filter=deployment_filter)
        task_runs = f.graphql_input(task_run_filter, f.TaskRunFilter, "task_run_filter")
        flow_runs = f.flow_run_input(flow_filter, flow_run_filter)
        if flow_runs:
            task_runs["flowRun"] = flow_runs
        variables = {
            "filter": task_runs or None,
            "orderBy": sorting.to_graphql(sorting.TaskRunSort, sort, sorting.TaskRunSort.ID_DESC),
        }
        nodes = await self._walk(
            "ClientReadTaskRuns", ("taskRuns",), variables, limit=limit, offset=offset
        )
        return [TaskRun.from_api(node) for node in nodes]

    async def read_task_run(self, task_run_id: uuid.UUID | str) -> TaskRun:
        """The task run with this id; ``ObjectNotFound`` if there is none."""
        node = await self._read_one("ClientReadTaskRun", "taskRun", "task run", id=str(task_run_id))
        return TaskRun.from_api(node)

    async def read_logs(
        self,
        log_filter: f.LogFilter | None = None,
        limit: int | None = None,
        offset: int | None = None,
        sort: sorting.LogSort | None = None,
    ) -> list[Log]:
        """Log records matching the filter, oldest first unless ``sort`` says otherwise."""
        variables = {
            "filter": f.graphql_input(log_filter, f.LogFilter, "log_filter") or None,
            "orderBy": sorting.to_graphql(sorting.LogSort, sort, sorting.LogSort.TIMESTAMP_ASC),
        }
        nodes = await self._walk("ClientReadLogs", ("logs",), variables, limit=limit, offset=offset)
        return [Log.from_api(node) for node in nodes]

    async def read_flows(
        self,
        *,
        flow_filter: f.FlowFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        deployment_filter: Any = None,
        work_pool_filter: Any = None,
        work_queue_filter: Any = None,
        sort: sorting.FlowSort | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Flow]:
        """Flows matching ``flow_filter``, in ``sort`` order (default ``NAME_ASC``).

        Selecting flows by their runs (``flow_run_filter``, ``task_run_filter``)
        is not supported.
        """
        reject_unsupported(
            "read_flows",
            flow_run_filter=flow_run_filter,
            task_run_filter=task_run_filter,
            deployment_filter=deployment_filter,
            work_pool_filter=work_pool_filter,
            work_queue_filter=work_queue_filter,
        )
        variables = {
            "filter": f.graphql_input(flow_filter, f.FlowFilter, "flow_filter") or None,
            "orderBy": sorting.to_graphql(sorting.FlowSort, sort, sorting.FlowSort.NAME_ASC),
        }
        nodes = await self._walk(
            "ClientReadFlows", ("flows",), variables, limit=limit, offset=offset
        )
        return [Flow.from_api(node) for node in nodes]

    async def read_flow(self, flow_id: uuid.UUID | str) -> Flow:
        """The flow with this id; ``ObjectNotFound`` if there is none."""
        node = await self._read_one("ClientReadFlow", "flow", "flow", id=str(flow_id))
        return Flow.from_api(node)

    async def read_flow_by_name(self, flow_name: str) -> Flow:
        """The flow with this name; ``ObjectNotFound`` if there is none."""
        node = await self._read_one("ClientReadFlowByName", "flowByName", "flow", name=flow_name)
        return Flow.from_api(node)


PrefectClient = FlowqlClient


@overload
def get_client(
    httpx_settings: Mapping[str, Any] | None = None, sync_client: Literal[False] = False
) -> FlowqlClient: ...


@overload
def get_client(
    httpx_settings: Mapping[str, Any] | None = None, *, sync_client: Literal[True]
) -> SyncFlowqlClient: ...


def get_client(
    httpx_settings: Mapping[str, Any] | None = None, sync_client: bool = False
) -> FlowqlClient | SyncFlowqlClient:
    """A client on the API the settings choose (embedded, or ``FLOWQL_API_URL``).

    ``httpx_settings`` may only set ``timeout`` (seconds, for HTTP); other keys
    raise ``NotImplementedError``. ``sync_client=True`` gives a blocking client.
    """
    if sync_client:
        from flowql.client.sync_client import SyncFlowqlClient

        return SyncFlowqlClient(httpx_settings=httpx_settings)
    return FlowqlClient(httpx_settings=httpx_settings)


_SYNC_EXPORTS = frozenset({"SyncFlowqlClient", "SyncPrefectClient"})


def __getattr__(name: str) -> Any:
    """``SyncFlowqlClient`` and ``SyncPrefectClient``, from :mod:`flowql.client.sync_client`.

    They load on first use because that module imports this one (for ``FlowqlClient``).
    """
    if name not in _SYNC_EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from flowql.client import sync_client

    value = getattr(sync_client, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_SYNC_EXPORTS})
