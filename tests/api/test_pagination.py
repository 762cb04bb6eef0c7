"""Cursor pagination of the root lists: every ordering, NULLs, ties, pageInfo, bad cursors.

The expected order is computed here from the rows' own values: the sort
column in the asked direction with NULLs last, then the id in the same
direction to break ties.
"""

from __future__ import annotations

import base64
import enum
import json
import uuid
from typing import Any

from api_factories import (
    at,
    create_flow,
    create_flow_run,
    create_logs,
    create_task_run,
    log,
    move_flow_run,
    parse_time,
    set_flow_run_state,
    set_task_run_state,
    state,
)
from tests.support.graphql import GraphQLClient

from flowql.core import sorting

PAGE = 5

# (name, scheduled, start, end): seconds after T0; ties on purpose, None for unset.
RUNS = [
    ("a", 100, 10, 50), ("a", 100, 10, 50), ("a", 200, None, None), ("b", 200, 20, None),
    ("b", 200, 20, 60), ("c", 300, None, None), ("d", 100, 30, 60), ("d", 400, None, None),
    ("e", 400, 10, None), ("f", 300, 40, 70), ("f", 300, None, None), ("g", 200, 20, 50),
]  # fmt: skip


def camel(snake: str) -> str:
    head, *rest = snake.lower().split("_")
    return head + "".join(word.title() for word in rest)


def sort_field(sort: enum.Enum) -> tuple[str, bool]:
    """``EXPECTED_START_TIME_ASC`` -> ("expectedStartTime", False)."""
    column, _, direction = sort.value.rpartition("_")
    return camel(column), direction == "DESC"


TEXT_FIELDS = {"name"}
"""Sort fields compared as text; "id" as a UUID, every other one as a time."""


def expected_order(rows: list[dict[str, Any]], field: str, descending: bool) -> list[str]:
    def value(row: dict[str, Any]) -> Any:
        raw = row[field]
        if field == "id":
            return uuid.UUID(raw)
        return raw if field in TEXT_FIELDS else parse_time(raw)

    def key(row: dict[str, Any]) -> tuple[Any, uuid.UUID]:
        return value(row), uuid.UUID(row["id"])

    present = sorted((r for r in rows if r[field] is not None), key=key, reverse=descending)
    missing = sorted(
        (r for r in rows if r[field] is None), key=lambda r: uuid.UUID(r["id"]), reverse=descending
    )
    return [row["id"] for row in present + missing]


async def walk(
    gql: GraphQLClient,
    field: str,
    order: str,
    *,
    first: int = PAGE,
    filter: dict[str, Any] | None = None,
    filter_type: str = "",
    sort_type: str = "",
) -> tuple[list[str], list[int]]:
    """Every page of ``field`` in ``order``; returns the ids and each page's size.

    Checks pageInfo and totalCount on every page on the way.
    """
    args = f", $filter: {filter_type}" if filter_type else ""
    query = (
        f"query($first: Int, $after: String, $orderBy: {sort_type}!{args}) {{ "
        f"page: {field}(first: $first, after: $after, orderBy: $orderBy"
        f"{', filter: $filter' if filter_type else ''}) {{ totalCount "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { cursor node { id } } } }"
    )
    seen: list[str] = []
    sizes: list[int] = []
    after = None
    total = None
    for _ in range(100):
        variables: dict[str, Any] = {"first": first, "after": after, "orderBy": order}
        if filter_type:
            variables["filter"] = filter
        page = (await gql(query, variables))["page"]
        edges, info = page["edges"], page["pageInfo"]
        total = page["totalCount"] if total is None else total
        assert page["totalCount"] == total
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == (edges[0]["cursor"] if edges else None)
        assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
        seen.extend(edge["node"]["id"] for edge in edges)
        sizes.append(len(edges))
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert len(seen) == total
    return seen, sizes


async def seed_flow_runs(gql: GraphQLClient) -> str:
    flow = await create_flow(gql, "etl")
    for name, scheduled, start, end in RUNS:
        run = await create_flow_run(
            gql, flow["id"], name=name, state=state("SCHEDULED", 0, scheduledTime=at(scheduled))
        )
        if start is not None:
            await set_flow_run_state(gql, run["id"], state("RUNNING", start))
        if end is not None:
            await set_flow_run_state(gql, run["id"], state("COMPLETED", end))
    return str(flow["id"])


async def all_rows(gql: GraphQLClient, field: str, fields: str) -> list[dict[str, Any]]:
    data = await gql(f"{{ {field}(first: 200) {{ edges {{ node {{ id {fields} }} }} }} }}")
    return [edge["node"] for edge in data[field]["edges"]]


RUN_FIELDS = "name created expectedStartTime startTime endTime"


async def check_every_ordering(
    gql: GraphQLClient,
    field: str,
    sorts: type[enum.Enum],
    rows: list[dict[str, Any]],
    *,
    first: int,
    sizes: list[int],
) -> None:
    """Walk ``field`` in each order of ``sorts``; each walk must match the expected order."""
    failures = []
    for sort in sorts:
        column, descending = sort_field(sort)
        seen, page_sizes = await walk(gql, field, sort.value, first=first, sort_type=sorts.__name__)
        expected = expected_order(rows, column, descending)
        if seen != expected or page_sizes != sizes:
            failures.append(f"{sort.value}: pages {page_sizes}, order {seen} != {expected}")
    assert not failures, "\n".join(failures)


async def test_flow_runs_walk_every_ordering(gql: GraphQLClient) -> None:
    await seed_flow_runs(gql)
    rows = await all_rows(gql, "flowRuns", RUN_FIELDS)
    assert sum(row["startTime"] is None for row in rows) == 4

    await check_every_ordering(
        gql, "flowRuns", sorting.FlowRunSort, rows, first=PAGE, sizes=[5, 5, 2]
    )


async def test_task_runs_walk_every_ordering(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_runs = [await create_flow_run(gql, flow["id"]) for _ in range(2)]
    for flow_run in flow_runs:
        await move_flow_run(gql, flow_run["id"], "RUNNING")
    for i, (name, scheduled, start, end) in enumerate(RUNS):
        task_run = await create_task_run(
            gql, flow_runs[i % 2]["id"], f"task-{i}", name=name,
            state=state("SCHEDULED", 0, scheduledTime=at(scheduled)),
        )  # fmt: skip
        if start is not None:
            await set_task_run_state(gql, task_run["id"], state("RUNNING", start))
        if end is not None:
            await set_task_run_state(gql, task_run["id"], state("COMPLETED", end))
    rows = await all_rows(gql, "taskRuns", RUN_FIELDS)

    await check_every_ordering(
        gql, "taskRuns", sorting.TaskRunSort, rows, first=PAGE, sizes=[5, 5, 2]
    )


async def test_flows_walk_every_ordering(gql: GraphQLClient) -> None:
    flows = [await create_flow(gql, name) for name in ["m", "c", "x", "a", "q", "k", "b"]]
    for flow in flows[1::3]:
        await gql(
            'mutation($id: UUID!) { updateFlow(input: {id: $id, tags: ["t"]}) { flow { id } } }',
            {"id": flow["id"]},
        )
    rows = await all_rows(gql, "flows", "name created updated")

    await check_every_ordering(gql, "flows", sorting.FlowSort, rows, first=3, sizes=[3, 3, 1])


async def test_logs_walk_every_ordering(gql: GraphQLClient) -> None:
    seconds = [3, 1, 1, 2, 5, 1, 3, 3, 2, 4, 5, 3]
    await create_logs(gql, [log(s, f"m{i}") for i, s in enumerate(seconds)])
    rows = await all_rows(gql, "logs", "timestamp")

    await check_every_ordering(gql, "logs", sorting.LogSort, rows, first=4, sizes=[4, 4, 4])


async def test_walk_with_a_filter_counts_only_matching_rows(gql: GraphQLClient) -> None:
    await seed_flow_runs(gql)
    rows = await all_rows(gql, "flowRuns", f"{RUN_FIELDS} stateType")
    completed = [row for row in rows if row["stateType"] == "COMPLETED"]
    filter = {"state": {"type": {"any": ["COMPLETED"]}}}

    seen, sizes = await walk(
        gql, "flowRuns", "END_TIME_DESC", first=2, filter=filter,
        filter_type="FlowRunFilter", sort_type="FlowRunSort",
    )  # fmt: skip

    assert len(completed) == 6
    assert seen == expected_order(completed, "endTime", descending=True)
    assert sizes == [2, 2, 2]


async def test_page_info_and_first_zero(gql: GraphQLClient) -> None:
    await create_logs(gql, [log(i, f"m{i}") for i in range(60)])
    query = (
        "query($first: Int) { logs(first: $first) { totalCount "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { node { message } } } }"
    )

    default = (await gql(query))["logs"]
    empty = (await gql(query, {"first": 0}))["logs"]
    everything = (await gql(query, {"first": 60}))["logs"]

    assert len(default["edges"]) == 50
    assert default["pageInfo"]["hasNextPage"] is True
    assert default["totalCount"] == 60
    assert empty["edges"] == []
    assert empty["totalCount"] == 60
    assert empty["pageInfo"] == {
        "hasNextPage": True, "hasPreviousPage": False, "startCursor": None, "endCursor": None,
    }  # fmt: skip
    assert len(everything["edges"]) == 60
    assert everything["pageInfo"]["hasNextPage"] is False
    assert everything["edges"][0]["node"]["message"] == "m0"


async def test_an_empty_list(gql: GraphQLClient) -> None:
    data = await gql(
        "{ flowRuns { totalCount edges { cursor } "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    )
    assert data["flowRuns"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None,
                     "endCursor": None},
    }  # fmt: skip


def encode(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


MALFORMED_CURSORS = [
    "not a cursor!",
    encode({"a": 1}),
    encode([None, 5]),
    encode(["2025-01-01T00:00:00", "not-a-uuid"]),
    encode(["yesterday", str(uuid.UUID(int=1))]),
    encode([12, str(uuid.UUID(int=1))]),
]


async def test_a_malformed_cursor_is_a_clear_error(gql: GraphQLClient) -> None:
    for cursor in MALFORMED_CURSORS:
        [error] = await gql.errors(
            "query($after: String) { flowRuns(after: $after) { totalCount } }", {"after": cursor}
        )
        assert error["message"].startswith(f"malformed cursor {cursor!r}"), error
        assert error["extensions"] == {"code": "INVALID_INPUT", "field": ["after"]}
        assert error["path"] == ["flowRuns"]


async def test_a_cursor_of_another_ordering_is_a_clear_error(gql: GraphQLClient) -> None:
    await seed_flow_runs(gql)
    data = await gql("{ flowRuns(first: 1, orderBy: NAME_ASC) { pageInfo { endCursor } } }")
    cursor = data["flowRuns"]["pageInfo"]["endCursor"]

    [error] = await gql.errors(
        "query($after: String) { flowRuns(after: $after, orderBy: START_TIME_ASC) { totalCount } }",
        {"after": cursor},
    )
    assert error["message"].startswith("malformed cursor")
    assert error["extensions"]["code"] == "INVALID_INPUT"
