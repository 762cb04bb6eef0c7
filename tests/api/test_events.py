"""The events query (commit order, cursors, filters, rebuilt task-run events) and
emitEvents (checks, idempotent ids, Prefect's resource label)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from api_factories import create_flow, create_flow_run, move_flow_run
from tests.support.databases import admin_dsn
from tests.support.graphql import GraphQLClient

from flowql.db.database import Database

EVENTS = """
query($first: Int, $after: String, $filter: EventFilter, $newest: Boolean! = false) {
  events(first: $first, after: $after, filter: $filter, newestFirst: $newest) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id event resource related payload follows } }
  }
}
"""

EMIT = """
mutation($events: [EventInput!]!) {
  emitEvents(input: { events: $events }) { count errors { code message field } }
}
"""


async def events(gql: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return dict((await gql(EVENTS, variables))["events"])


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["event"] for edge in connection["edges"]]


async def test_a_flow_runs_events_read_in_order_and_by_cursor(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    run = await create_flow_run(gql, flow["id"])
    await move_flow_run(gql, run["id"], "RUNNING", "COMPLETED")
    about_run = {"resourceId": [f"flowql.flow-run.{run['id']}"]}

    every = await events(gql, filter=about_run)
    first = await events(gql, filter=about_run, first=1)
    rest = await events(gql, filter=about_run, after=first["pageInfo"]["endCursor"])
    newest = await events(gql, filter=about_run, newest=True, first=1)

    expected = ["flowql.flow-run.Pending", "flowql.flow-run.Running", "flowql.flow-run.Completed"]
    assert names(every) == expected and every["totalCount"] == 3
    assert names(first) + names(rest) == expected
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert names(newest) == ["flowql.flow-run.Completed"]
    related = every["edges"][2]["node"]["related"]
    assert {
        "flowql.resource.id": f"flowql.flow.{flow['id']}",
        "flowql.resource.role": "flow",
    } in related
    by_flow = await events(gql, filter={"relatedId": [f"flowql.flow.{flow['id']}"]})
    assert names(by_flow) == expected
    created = await events(gql, filter={"eventPrefix": ["flowql.flow."]})
    assert names(created) == ["flowql.flow.created"]


async def test_recorded_task_run_events_are_rebuilt_whole(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    run = await create_flow_run(gql, flow["id"])
    task_run_id = str(uuid.uuid4())
    states = [
        {"id": str(uuid.uuid4()), "type": t, "timestamp": f"2026-01-01T00:00:0{n}+00:00"}
        for n, t in enumerate(["PENDING", "RUNNING", "COMPLETED"])
    ]
    record = {"id": task_run_id, "flowRunId": run["id"], "taskKey": "add", "dynamicKey": "0",
              "name": "add-0", "tags": ["t"], "states": states}  # fmt: skip
    recorded = await gql(
        "mutation($r: [TaskRunRecordInput!]!) { recordTaskRuns(input: {taskRuns: $r}) { count } }",
        {"r": [record]},
    )
    assert recorded["recordTaskRuns"]["count"] == 1

    found = await events(gql, filter={"resourceId": [f"flowql.task-run.{task_run_id}"]})

    nodes = [edge["node"] for edge in found["edges"]]
    assert names(found) == ["flowql.task-run.Pending", "flowql.task-run.Running",
                            "flowql.task-run.Completed"]  # fmt: skip
    completed = nodes[2]
    assert completed["id"] == states[2]["id"] and completed["follows"] == states[1]["id"]
    assert completed["resource"]["flowql.resource.name"] == "add-0"
    assert completed["resource"]["flowql.state-type"] == "COMPLETED"
    assert completed["payload"]["initial_state"]["type"] == "RUNNING"
    roles = {r["flowql.resource.id"]: r["flowql.resource.role"] for r in completed["related"]}
    assert roles == {f"flowql.flow-run.{run['id']}": "flow-run", "flowql.tag.t": "tag"}


async def test_emit_events_stores_a_batch_once(gql: GraphQLClient) -> None:
    event_id = str(uuid.uuid4())
    batch = [
        {"id": event_id, "event": "acme.model.retrained",
         "resource": {"prefect.resource.id": "acme.model.churn"},
         "related": [{"flowql.resource.id": "acme.team.ml", "flowql.resource.role": "team"}],
         "payload": {"auc": 0.91}},
    ]  # fmt: skip

    first = await gql(EMIT, {"events": batch})
    again = await gql(EMIT, {"events": batch})

    assert first["emitEvents"] == {"count": 1, "errors": []} == again["emitEvents"]
    found = await events(gql, filter={"eventPrefix": ["acme."]})
    assert found["totalCount"] == 1
    node = found["edges"][0]["node"]
    assert node["resource"]["flowql.resource.id"] == "acme.model.churn"  # from Prefect's label
    assert node["payload"] == {"auc": 0.91}
    by_team = await events(gql, filter={"relatedId": ["acme.team.ml"]})
    assert names(by_team) == ["acme.model.retrained"]


async def test_bad_events_are_refused_with_the_field_named(gql: GraphQLClient) -> None:
    cases = [
        ({"event": "x", "resource": {}}, ["events", "0", "resource"]),
        ({"event": "x", "resource": {"name": "no id"}},
         ["events", "0", "resource", "flowql.resource.id"]),
        ({"event": "", "resource": {"flowql.resource.id": "a"}}, ["events", "0", "event"]),
        ({"event": "x", "resource": {"flowql.resource.id": "a"}, "payload": [1]},
         ["events", "0", "payload"]),
        ({"event": "x", "resource": {"flowql.resource.id": "a"}, "related": [{"a": 1}]},
         ["events", "0", "related", "0", "a"]),
    ]  # fmt: skip
    for event, field in cases:
        payload = (await gql(EMIT, {"events": [event]}))["emitEvents"]
        assert payload["count"] == 0
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", field)]
    assert (await events(gql))["totalCount"] == 0


async def test_a_malformed_cursor_is_refused(gql: GraphQLClient) -> None:
    errors = await gql.errors(EVENTS, {"after": "not-a-cursor"})
    assert "is not a cursor of the event list" in errors[0]["message"]


async def test_a_committed_change_wakes_its_channels(app: Any, gql: GraphQLClient) -> None:
    bus = app.state.bus
    async with bus.subscribe("flow_runs") as flow_runs, bus.subscribe("events") as every:
        flow = await create_flow(gql, "etl")
        await create_flow_run(gql, flow["id"])
        woken = await asyncio.wait_for(anext(flow_runs), 5)
        also = await asyncio.wait_for(anext(every), 5)
    assert (woken.channel, woken.gap, also.channel) == ("flow_runs", False, "events")


COUNTS = """
query($since: DateTime!, $until: DateTime!, $interval: Float!, $by: EventCountBy!,
      $filter: EventFilter) {
  eventCounts(since: $since, until: $until, intervalSeconds: $interval, countBy: $by,
              filter: $filter) {
    start end counts { key count }
  }
}
"""


async def test_event_counts_per_bucket_by_name_and_by_state_type(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    run = await create_flow_run(gql, flow["id"])
    await move_flow_run(gql, run["id"], "RUNNING", "COMPLETED")
    now = datetime.now(UTC)
    window = {"since": (now - timedelta(hours=1)).isoformat(),
              "until": (now + timedelta(hours=1)).isoformat(), "interval": 3600.0,
              "filter": {"resourceId": [f"flowql.flow-run.{run['id']}"]}}  # fmt: skip

    by_name = (await gql(COUNTS, {**window, "by": "EVENT"}))["eventCounts"]
    by_type = (await gql(COUNTS, {**window, "by": "STATE_TYPE"}))["eventCounts"]

    assert len(by_name) == 2 and by_name[1]["counts"] == []  # the coming hour: nothing yet
    assert {c["key"]: c["count"] for c in by_name[0]["counts"]} == {
        "flowql.flow-run.Completed": 1, "flowql.flow-run.Pending": 1,
        "flowql.flow-run.Running": 1,
    }  # fmt: skip
    assert {c["key"]: c["count"] for c in by_type[0]["counts"]} == {
        "COMPLETED": 1, "PENDING": 1, "RUNNING": 1,
    }  # fmt: skip


async def test_event_counts_refuse_a_window_too_fine(gql: GraphQLClient) -> None:
    now = datetime.now(UTC)
    variables = {"since": (now - timedelta(days=30)).isoformat(), "until": now.isoformat(),
                 "interval": 1.0, "by": "EVENT"}  # fmt: skip
    errors = await gql.errors(COUNTS, variables)
    assert "the limit is 10000: widen intervalSeconds" in errors[0]["message"]
    errors = await gql.errors(COUNTS, {**variables, "interval": 0.5})
    assert "intervalSeconds must be at least 1" in errors[0]["message"]


async def test_counts_include_what_a_cursor_must_wait_for(db: Database, gql: GraphQLClient) -> None:
    """On PostgreSQL a transaction still running (anywhere on the server) holds back
    what cursors may see, so that nothing lands behind one; counts are not cursors
    and count every committed event at once."""
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: nothing is held back")
    now = datetime.now(UTC)
    window = {"since": (now - timedelta(hours=1)).isoformat(),
              "until": (now + timedelta(hours=1)).isoformat(), "interval": 7200.0,
              "by": "EVENT", "filter": {"eventPrefix": ["held."]}}  # fmt: skip
    async with db.engine.begin() as other:
        await other.execute(sa.text("SELECT pg_current_xact_id()"))  # holds a transaction id
        held = {"event": "held.back", "resource": {"flowql.resource.id": "x"}}
        emitted = await gql(EMIT, {"events": [held]})
        assert emitted["emitEvents"]["count"] == 1
        counted = (await gql(COUNTS, window))["eventCounts"][0]["counts"]
        page = await events(gql, filter={"eventPrefix": ["held."]})
        assert counted == [{"key": "held.back", "count": 1}]
        assert page["totalCount"] == 1 and names(page) == []  # the cursor read waits
    page = await events(gql, filter={"eventPrefix": ["held."]})
    assert names(page) == ["held.back"]


async def test_a_transaction_on_another_database_holds_nothing_back(
    db: Database, gql: GraphQLClient
) -> None:
    """A long write on another database of the same server (an ETL load) must not
    stall flowql's cursors: only transactions on flowql's database can write events."""
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    other = await asyncpg.connect(admin_dsn())
    try:
        async with other.transaction():
            await other.execute("SELECT pg_current_xact_id()")  # holds a transaction id
            held = {"event": "elsewhere.write", "resource": {"flowql.resource.id": "x"}}
            await gql(EMIT, {"events": [held]})
            page = await events(gql, filter={"eventPrefix": ["elsewhere."]})
            assert names(page) == ["elsewhere.write"]
    finally:
        await other.close()
