"""get_client(): Prefect's read API over flowql's GraphQL API, in embedded mode.

Data is written with GraphQL mutations on a temporary SQLite file, then read
back through ``get_client()`` (async and ``sync_client=True``) with each kind
of filter, sort, and limit/offset paging across cursor pages.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from graphql import parse, validate

from flowql.client import core as client_core
from flowql.client.orchestration import (
    FlowqlClient,
    PrefectClient,
    SyncFlowqlClient,
    SyncPrefectClient,
    get_client,
)
from flowql.client.schemas import filters as f
from flowql.client.schemas.actions import StateCreate
from flowql.client.schemas.objects import FlowRun, SetStateStatus, StateType
from flowql.client.schemas.sorting import FlowRunSort, FlowSort, LogSort, TaskRunSort
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.operations import all_operations
from flowql.sdk.client.transport import Transport, transport_from_settings
from flowql.settings import Settings

LOG_START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

MUTATIONS = {
    "createFlow": "mutation($input: CreateFlowInput!) "
    "{ createFlow(input: $input) { flow { id } errors { message } } }",
    "createFlowRun": "mutation($input: CreateFlowRunInput!) "
    "{ createFlowRun(input: $input) { flowRun { id } errors { message } } }",
    "setFlowRunState": "mutation($input: SetFlowRunStateInput!) "
    "{ setFlowRunState(input: $input) { status errors { message } } }",
    "createTaskRun": "mutation($input: CreateTaskRunInput!) "
    "{ createTaskRun(input: $input) { taskRun { id } errors { message } } }",
    "setTaskRunState": "mutation($input: SetTaskRunStateInput!) "
    "{ setTaskRunState(input: $input) { status errors { message } } }",
    "createLogs": "mutation($input: CreateLogsInput!) "
    "{ createLogs(input: $input) { count errors { message } } }",
}


@dataclass
class Data:
    """What was seeded: ids by name."""

    flows: dict[str, str] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)
    task_runs: dict[str, str] = field(default_factory=dict)


async def _mutate(transport: Transport, name: str, input: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = (await transport.execute(MUTATIONS[name], {"input": input}))[name]
    assert not payload["errors"], payload["errors"]
    return payload


async def _seed(settings: Settings) -> Data:
    """Flows etl (tag prod) and report; four top-level runs, task runs, a subflow, logs."""
    data = Data()
    transport = transport_from_settings(settings)
    try:
        for name, tags in [("etl", ["prod"]), ("report", [])]:
            payload = await _mutate(transport, "createFlow", {"name": name, "tags": tags})
            data.flows[name] = payload["flow"]["id"]

        async def run(name: str, flow: str, states: list[str], **extra: Any) -> None:
            input = {"flowId": data.flows[flow], "name": name, **extra}
            run_id = (await _mutate(transport, "createFlowRun", input))["flowRun"]["id"]
            data.runs[name] = run_id
            for state in states:
                state_input = {"flowRunId": run_id, "state": {"type": state}, "force": True}
                await _mutate(transport, "setFlowRunState", state_input)

        await run("etl-1", "etl", ["RUNNING", "COMPLETED"], tags=["nightly"], idempotencyKey="k1")
        await run("etl-2", "etl", ["RUNNING", "FAILED"], tags=["nightly", "big"])
        await run("etl-3", "etl", [], state={"type": "SCHEDULED"})
        await run("report-1", "report", ["RUNNING"])
        for key, state, tags in [
            ("extract", "COMPLETED", ["io"]),
            ("load", "COMPLETED", []),
            ("check", "FAILED", ["qa"]),
        ]:
            input = {
                "flowRunId": data.runs["etl-1"],
                "taskKey": key,
                "dynamicKey": f"{key}-0",
                "name": f"{key}-0",
                "tags": tags,
            }
            task_run_id = (await _mutate(transport, "createTaskRun", input))["taskRun"]["id"]
            data.task_runs[key] = task_run_id
            state_input = {"taskRunId": task_run_id, "state": {"type": state}, "force": True}
            await _mutate(transport, "setTaskRunState", state_input)
        await run("sub-1", "report", [], parentTaskRunId=data.task_runs["load"])
        logs = [
            {
                "name": "flowql.flow_runs",
                "level": 40 if index == 1 else 20,
                "message": f"line {index}",
                "timestamp": (LOG_START + timedelta(seconds=index)).isoformat(),
                "flowRunId": data.runs["etl-1"],
                "taskRunId": data.task_runs["extract"] if index == 4 else None,
            }
            for index in range(5)
        ]
        await _mutate(transport, "createLogs", {"logs": logs})
    finally:
        await transport.close()
    return data


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Embedded mode on a temporary FLOWQL_HOME, as get_client() reads it."""
    monkeypatch.setenv("FLOWQL_HOME", str(tmp_path))
    for name in ("FLOWQL_API_URL", "FLOWQL_DATABASE_URL", "FLOWQL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return Settings(home=tmp_path)


@pytest.fixture
async def data(env: Settings) -> Data:
    return await _seed(env)


class Recording:
    """A transport that remembers the variables of every document it runs."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    async def execute(self, document: str, variables: dict[str, Any] | None = None) -> Any:
        self.calls.append(dict(variables or {}))
        return await self.inner.execute(document, variables)

    async def close(self) -> None:
        await self.inner.close()


def names(items: list[Any]) -> list[str]:
    return [item.name for item in items]


def test_client_operations_are_valid_against_the_schema() -> None:
    from flowql.schema.build import build_schema

    schema = build_schema()._schema
    documents = {k: v for k, v in all_operations().items() if k.startswith("Client")}
    assert len(documents) >= 10
    for name, document in documents.items():
        assert validate(schema, parse(document)) == [], name


def test_prefect_aliases() -> None:
    assert PrefectClient is FlowqlClient
    assert SyncPrefectClient is SyncFlowqlClient
    assert isinstance(get_client(), FlowqlClient)
    assert isinstance(get_client(sync_client=True), SyncFlowqlClient)


async def test_read_flow_run_has_prefect_fields(data: Data) -> None:
    async with get_client() as client:
        run = await client.read_flow_run(uuid.UUID(data.runs["etl-1"]))
    assert isinstance(run, FlowRun)
    assert run.id == uuid.UUID(data.runs["etl-1"])
    assert run.flow_id == uuid.UUID(data.flows["etl"])
    assert (run.name, run.tags, run.idempotency_key) == ("etl-1", ["nightly"], "k1")
    assert run.state_type is StateType.COMPLETED and run.state_name == "Completed"
    assert run.state is not None and run.state.is_completed() and not run.state.is_failed()
    assert run.state_id is not None and run.run_count == 1
    assert isinstance(run.total_run_time, timedelta)
    assert run.start_time is not None and run.end_time is not None
    assert run.end_time >= run.start_time and run.start_time.tzinfo is not None
    assert run.deployment_id is None and run.parameters == {}


async def test_read_flow_runs_filters(data: Data) -> None:
    async def read(**filters: Any) -> list[str]:
        async with get_client() as client:
            return sorted(names(await client.read_flow_runs(**filters)))

    def runs(**criteria: Any) -> dict[str, f.FlowRunFilter]:
        return {"flow_run_filter": f.FlowRunFilter(**criteria)}

    everything = ["etl-1", "etl-2", "etl-3", "report-1", "sub-1"]
    assert await read() == everything
    assert await read(**runs(id=f.FlowRunFilterId(any_=[data.runs["etl-2"]]))) == ["etl-2"]
    assert "etl-2" not in await read(**runs(id=f.FlowRunFilterId(not_any_=[data.runs["etl-2"]])))
    assert await read(**runs(name=f.FlowRunFilterName(like_="REPORT"))) == ["report-1"]
    assert await read(**runs(tags=f.FlowRunFilterTags(all_=["nightly", "big"]))) == ["etl-2"]
    assert await read(**runs(tags=f.FlowRunFilterTags(any_=["nightly"]))) == ["etl-1", "etl-2"]
    failed = f.FlowRunFilterState(type=f.FlowRunFilterStateType(any_=[StateType.FAILED]))
    assert await read(**runs(state=failed)) == ["etl-2"]
    by_name = f.FlowRunFilterState(name=f.FlowRunFilterStateName(any_=["Running"]))
    assert await read(**runs(state=by_name)) == ["report-1"]
    never_started = f.FlowRunFilterStartTime(is_null_=True)
    assert await read(**runs(start_time=never_started)) == ["etl-3", "sub-1"]
    ended = f.FlowRunFilterEndTime(before_=datetime.now(UTC) + timedelta(minutes=1))
    assert await read(**runs(end_time=ended)) == ["etl-1", "etl-2"]
    started = f.FlowRunFilterStartTime(after_=datetime.now(UTC) - timedelta(hours=1))
    assert await read(**runs(start_time=started)) == ["etl-1", "etl-2", "report-1"]
    top_level = f.FlowRunFilterParentTaskRunId(is_null_=True)
    assert "sub-1" not in await read(**runs(parent_task_run_id=top_level))
    subflows = f.FlowRunFilterParentFlowRunId(any_=[data.runs["etl-1"]])
    assert await read(**runs(parent_flow_run_id=subflows)) == ["sub-1"]
    keyed = f.FlowRunFilterIdempotencyKey(any_=["k1"])
    assert await read(**runs(idempotency_key=keyed)) == ["etl-1"]
    report = f.FlowFilter(name=f.FlowFilterName(any_=["report"]))
    assert await read(flow_filter=report) == ["report-1", "sub-1"]
    prod = f.FlowFilter(tags=f.FlowFilterTags(all_=["prod"]))
    assert await read(flow_filter=prod, **runs(state=failed)) == ["etl-2"]


async def test_read_flow_runs_sort_and_default_order(data: Data) -> None:
    async with get_client() as client:
        ascending = await client.read_flow_runs(sort=FlowRunSort.NAME_ASC)
        descending = await client.read_flow_runs(sort=FlowRunSort.NAME_DESC)
        default = await client.read_flow_runs()
    assert names(ascending) == sorted(names(ascending))
    assert names(descending) == names(ascending)[::-1]
    # Prefect's default order is ID_DESC.
    assert [run.id for run in default] == sorted((run.id for run in default), reverse=True)


async def test_limit_and_offset_walk_the_cursor_pages(
    data: Data, env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_core, "PAGE_SIZE", 2)
    transport = Recording(transport_from_settings(env))
    try:
        await _walk_pages(FlowqlClient(transport=transport), transport)
    finally:
        await transport.close()  # a transport passed in stays the caller's to close


async def _walk_pages(client: FlowqlClient, transport: Recording) -> None:
    async with client:
        everything = names(await client.read_flow_runs(sort=FlowRunSort.NAME_ASC))
        assert len(everything) == 5 and len(transport.calls) == 3
        transport.calls.clear()
        page = await client.read_flow_runs(sort=FlowRunSort.NAME_ASC, limit=2, offset=3)
        assert names(page) == everything[3:5]
        # Three rows skipped in pages of two asking for cursors only, then one page of rows.
        assert [(c["first"], c["withNodes"]) for c in transport.calls] == [
            (2, False),
            (1, False),
            (2, True),
        ]
        middle = await client.read_flow_runs(sort=FlowRunSort.NAME_ASC, limit=3, offset=1)
        assert names(middle) == everything[1:4]
        assert await client.read_flow_runs(offset=10) == []
        assert await client.read_flow_runs(limit=0) == []
        with pytest.raises(ValueError, match="offset"):
            await client.read_flow_runs(offset=-1)
        assert await client.count_flow_runs() == 5


async def test_read_task_runs(data: Data) -> None:
    async with get_client() as client:
        every = await client.read_task_runs(sort=TaskRunSort.NAME_ASC)
        assert names(every) == ["check-0", "extract-0", "load-0"]
        assert every[1].task_key == "extract" and every[1].state is not None
        assert every[1].state.is_completed() and every[1].tags == ["io"]
        assert every[1].flow_run_id == uuid.UUID(data.runs["etl-1"])
        failed = f.TaskRunFilter(
            state=f.TaskRunFilterState(type=f.TaskRunFilterStateType(any_=[StateType.FAILED]))
        )
        assert names(await client.read_task_runs(task_run_filter=failed)) == ["check-0"]
        tagged = f.TaskRunFilter(tags=f.TaskRunFilterTags(all_=["qa"]))
        assert names(await client.read_task_runs(task_run_filter=tagged)) == ["check-0"]
        of_run = f.TaskRunFilter(flow_run_id=f.TaskRunFilterFlowRunId(any_=[data.runs["etl-1"]]))
        assert len(await client.read_task_runs(task_run_filter=of_run)) == 3
        by_flow_run = f.FlowRunFilter(name=f.FlowRunFilterName(any_=["etl-2"]))
        assert await client.read_task_runs(flow_run_filter=by_flow_run) == []
        by_flow = f.FlowFilter(name=f.FlowFilterName(any_=["etl"]))
        assert len(await client.read_task_runs(flow_filter=by_flow)) == 3
        named = f.TaskRunFilter(name=f.TaskRunFilterName(like_="LOAD"))
        page = await client.read_task_runs(task_run_filter=named, limit=1)
        assert names(page) == ["load-0"]
        one = await client.read_task_run(data.task_runs["check"])
        assert one.name == "check-0" and one.state_type is StateType.FAILED


async def test_read_logs(data: Data) -> None:
    async with get_client() as client:
        logs = await client.read_logs()
        assert [log.message for log in logs] == [f"line {i}" for i in range(5)]
        assert logs[0].timestamp == LOG_START and logs[0].level == 20
        errors = f.LogFilter(level=f.LogFilterLevel(ge_=40))
        assert [log.message for log in await client.read_logs(errors)] == ["line 1"]
        newest = await client.read_logs(sort=LogSort.TIMESTAMP_DESC, limit=2, offset=1)
        assert [log.message for log in newest] == ["line 3", "line 2"]
        window = f.LogFilter(
            timestamp=f.LogFilterTimestamp(
                after_=LOG_START + timedelta(seconds=1), before_=LOG_START + timedelta(seconds=2)
            )
        )
        assert [log.message for log in await client.read_logs(window)] == ["line 1", "line 2"]
        of_task = f.LogFilter(task_run_id=f.LogFilterTaskRunId(any_=[data.task_runs["extract"]]))
        assert [log.message for log in await client.read_logs(of_task)] == ["line 4"]
        of_run = f.LogFilter(flow_run_id=f.LogFilterFlowRunId(any_=[data.runs["etl-2"]]))
        assert await client.read_logs(of_run) == []


async def test_read_flows(data: Data) -> None:
    async with get_client() as client:
        assert names(await client.read_flows()) == ["etl", "report"]
        assert names(await client.read_flows(sort=FlowSort.NAME_DESC)) == ["report", "etl"]
        prod = f.FlowFilter(tags=f.FlowFilterTags(all_=["prod"]))
        assert names(await client.read_flows(flow_filter=prod)) == ["etl"]
        assert names(await client.read_flows(limit=1, offset=1)) == ["report"]
        etl = await client.read_flow_by_name("etl")
        assert etl.id == uuid.UUID(data.flows["etl"]) and etl.tags == ["prod"]
        assert (await client.read_flow(etl.id)).name == "etl"


async def test_not_found(data: Data) -> None:
    from flowql.exceptions import ObjectNotFound

    missing = uuid.uuid4()
    async with get_client() as client:
        with pytest.raises(ObjectNotFound, match="flow run"):
            await client.read_flow_run(missing)
        with pytest.raises(ObjectNotFound):
            await client.read_task_run(missing)
        with pytest.raises(ObjectNotFound):
            await client.read_flow(missing)
        with pytest.raises(ObjectNotFound, match="nope"):
            await client.read_flow_by_name("nope")
        with pytest.raises(ObjectNotFound):
            await client.delete_flow_run(missing)
        with pytest.raises(ObjectNotFound):
            await client.set_flow_run_state(missing, StateCreate(type=StateType.RUNNING))
        with pytest.raises(ApiError, match="UUID"):
            await client.read_flow_run("not-a-uuid")


async def test_unsupported_filters_raise(data: Data) -> None:
    async with get_client() as client:
        deployment = f.FlowRunFilter(deployment_id=f.FlowRunFilterDeploymentId(any_=[uuid.uuid4()]))
        with pytest.raises(NotImplementedError, match=r"FlowRunFilter\.deployment_id"):
            await client.read_flow_runs(flow_run_filter=deployment)
        queue = f.FlowRunFilter(work_queue_name=f.FlowRunFilterWorkQueueName(any_=["q"]))
        with pytest.raises(NotImplementedError, match="work_queue_name"):
            await client.read_flow_runs(flow_run_filter=queue)
        with pytest.raises(NotImplementedError, match="deployment_filter"):
            await client.read_flow_runs(deployment_filter=object())
        with pytest.raises(NotImplementedError, match="task_run_filter"):
            await client.read_flow_runs(task_run_filter=f.TaskRunFilter())
        subflows = f.TaskRunFilter(subflow_runs=f.TaskRunFilterSubFlowRuns(exists_=True))
        with pytest.raises(NotImplementedError, match="subflow_runs"):
            await client.read_task_runs(task_run_filter=subflows)
        either = f.FlowRunFilterTags(operator=f.Operator.or_, all_=["a"], is_null_=True)
        with pytest.raises(NotImplementedError, match="or_"):
            await client.read_flow_runs(flow_run_filter=f.FlowRunFilter(tags=either))
        with pytest.raises(NotImplementedError, match="NEXT_SCHEDULED_START_TIME_ASC"):
            await client.read_flow_runs(sort=FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC)
        with pytest.raises(TypeError, match="FlowRunFilter"):
            await client.read_flow_runs(flow_run_filter=f.FlowFilter())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bogus"):
        f.FlowRunFilter(bogus=1)  # type: ignore[call-arg]
    with pytest.raises(NotImplementedError, match="verify"):
        get_client(httpx_settings={"verify": False})


def test_filters_translate_to_graphql_inputs() -> None:
    run_id = uuid.uuid4()
    naive = datetime(2024, 1, 1)
    flow_run_filter = f.FlowRunFilter(
        id=f.FlowRunFilterId(any_=[run_id]),
        state=f.FlowRunFilterState(
            type=f.FlowRunFilterStateType(not_any_=[StateType.CRASHED]),
            name=f.FlowRunFilterStateName(any_=["Late"]),
        ),
        expected_start_time=f.FlowRunFilterExpectedStartTime(before_=naive),
        parent_task_run_id=f.FlowRunFilterParentTaskRunId(is_null_=False),
    )
    assert flow_run_filter.to_graphql() == {
        "id": {"any": [str(run_id)]},
        "state": {"type": {"notAny": ["CRASHED"]}, "name": {"any": ["Late"]}},
        "expectedStartTime": {"before": "2024-01-01T00:00:00+00:00"},
        "parentTaskRunId": {"isNull": False},
    }
    # Prefect's TaskRunFilterFlowRunId defaults to runs that have a flow run.
    assert f.TaskRunFilterFlowRunId().to_graphql() == {"isNull": False}
    assert f.TaskRunFilterFlowRunId(is_null_=True).to_graphql() == {"isNull": True}
    assert f.LogFilterLevel(ge_=20, le_=40).to_graphql() == {"ge": 20, "le": 40}
    single = f.FlowRunFilterTags(operator=f.Operator.or_, any_=["a"])
    assert single.to_graphql() == {"any": ["a"]}


async def test_set_flow_run_state_and_history_and_delete(data: Data) -> None:
    run_id = data.runs["report-1"]
    async with get_client() as client:
        result = await client.set_flow_run_state(
            run_id, StateCreate(type=StateType.COMPLETED, message="done")
        )
        assert result.status is SetStateStatus.ACCEPT
        assert result.state is not None and result.state.is_completed()
        assert result.details.type == "accept_details"
        again = await client.set_flow_run_state(run_id, StateType.RUNNING)
        assert again.status is not SetStateStatus.ACCEPT
        assert again.details.reason
        forced = await client.set_flow_run_state(run_id, StateType.RUNNING, force=True)
        assert forced.status is SetStateStatus.ACCEPT
        history = await client.read_flow_run_states(run_id)
        assert [state.type for state in history][-3:] == [
            StateType.RUNNING,
            StateType.COMPLETED,
            StateType.RUNNING,
        ]
        await client.delete_flow_run(run_id)
        assert await client.count_flow_runs() == 4


async def test_api_healthcheck(env: Settings) -> None:
    async with get_client() as client:
        assert await client.api_healthcheck() is None
    broken = Settings(home=env.home, api_url="http://127.0.0.1:9/graphql")
    async with FlowqlClient(broken, httpx_settings={"timeout": 2}) as client:
        error = await client.api_healthcheck()
    assert isinstance(error, ApiError) and "cannot reach" in str(error)


def test_sync_client(env: Settings) -> None:
    data = asyncio.run(_seed(env))
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(sort=FlowRunSort.NAME_ASC, limit=2, offset=1)
        assert names(runs) == ["etl-2", "etl-3"]
        assert client.read_flow_run(data.runs["etl-1"]).state_name == "Completed"
        assert len(client.read_task_runs()) == 3
        assert len(client.read_logs(limit=3)) == 3
        assert names(client.read_flows()) == ["etl", "report"]
        assert client.read_flow_by_name("etl").name == "etl"
        with pytest.raises(NotImplementedError):
            client.read_flow_runs(work_pool_filter=object())
    assert client._loop is None  # the loop thread is gone


@pytest.fixture
def sync_client(env: Settings) -> Iterator[SyncFlowqlClient]:
    client = get_client(sync_client=True)
    yield client
    client.close()


def test_sync_client_without_context_manager(sync_client: SyncFlowqlClient) -> None:
    assert sync_client.read_flow_runs() == []
    assert sync_client.api_healthcheck() is None


def test_over_http_against_a_live_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same documents over HttpTransport: FLOWQL_API_URL set, a real server."""
    from tests.support.servers import live_server

    for name in ("FLOWQL_DATABASE_URL", "FLOWQL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "server").mkdir()
    with live_server(tmp_path / "server") as server:
        monkeypatch.setenv("FLOWQL_HOME", str(tmp_path / "client"))
        monkeypatch.setenv("FLOWQL_API_URL", server.graphql_url)
        data = asyncio.run(_seed(Settings()))
        with get_client(sync_client=True, httpx_settings={"timeout": 10}) as client:
            failed = f.FlowRunFilterState(type=f.FlowRunFilterStateType(any_=[StateType.FAILED]))
            [run] = client.read_flow_runs(flow_run_filter=f.FlowRunFilter(state=failed))
            assert run.id == uuid.UUID(data.runs["etl-2"]) and run.state is not None
            assert names(client.read_flow_runs(sort=FlowRunSort.NAME_DESC, offset=4)) == ["etl-1"]
            assert len(client.read_logs(f.LogFilter(level=f.LogFilterLevel(le_=20)))) == 4
    assert not (tmp_path / "client" / "flowql.db").exists()  # nothing was embedded
