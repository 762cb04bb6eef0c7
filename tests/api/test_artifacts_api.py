"""Artifacts through GraphQL: create per type (data checked against it), versions by key
(latest and history), links to runs (nested, batched), progress updates, events."""

from __future__ import annotations

from typing import Any

from api_factories import ERRORS, create_flow, create_flow_run, create_task_run, unknown_id
from tests.support.graphql import GraphQLClient

ARTIFACT = "id key type description data flowRunId taskRunId created updated"


async def create_payload(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: CreateArtifactInput!) {{ createArtifact(input: $input) {{ "
        f"artifact {{ {ARTIFACT} }} {ERRORS} }} }}",
        {"input": input},
    )
    return dict(data["createArtifact"])


async def create(
    gql: GraphQLClient, type: str = "markdown", data: Any = "# hi", **input: Any
) -> Any:
    payload = await create_payload(gql, type=type, data=data, **input)
    assert payload["errors"] == [], payload
    return payload["artifact"]


async def test_versions_by_key_latest_and_history(gql: GraphQLClient) -> None:
    v1 = await create(gql, key="report", data="v1")
    v2 = await create(gql, key="report", data="v2", description="second")
    other = await create(gql, "table", [{"a": 1}], key="numbers")
    await create(gql, data="no key")

    data = await gql(
        "query { latest: latestArtifacts { totalCount edges { node { key data } } } "
        'one: latestArtifact(key: "report") { id } none: latestArtifact(key: "nope") { id } '
        'history: artifactHistory(key: "report") { totalCount edges { node { id } } } '
        "all: artifacts { totalCount } }"
    )
    assert [edge["node"] for edge in data["latest"]["edges"]] == [
        {"key": "numbers", "data": [{"a": 1}]},
        {"key": "report", "data": "v2"},
    ]
    assert data["one"] == {"id": v2["id"]}
    assert data["none"] is None
    assert [edge["node"]["id"] for edge in data["history"]["edges"]] == [v2["id"], v1["id"]]
    assert data["all"]["totalCount"] == 4
    filtered = await gql(
        '{ latestArtifacts(filter: {type: {any: ["table"]}}) { edges { node { id } } } }'
    )
    assert [edge["node"]["id"] for edge in filtered["latestArtifacts"]["edges"]] == [other["id"]]


async def test_data_is_checked_against_the_type(gql: GraphQLClient) -> None:
    cases = [
        ({"type": "markdown", "data": 3}, "data", "must be a string"),
        ({"type": "progress", "data": 120}, "data", "from 0 to 100"),
        ({"type": "progress", "data": "half"}, "data", "must be a number"),
        ({"type": "table", "data": "a,b"}, "data", "list of dicts"),
        ({"type": "table", "data": [{"a": 1}, [1]]}, "data", "not a mix"),
        ({"type": "table", "data": {"a": 1}}, "data", "column 'a' must be a list"),
        ({"type": "markdown", "data": "x", "key": "My_Key"}, "key", "lowercase letters"),
        ({"type": "Not A Type", "data": 1}, "type", "artifact type"),
    ]
    for input, field, message in cases:
        payload = await create_payload(gql, **input)
        [error] = payload["errors"]
        assert (error["code"], error["field"]) == ("INVALID_INPUT", [field]), input
        assert message in error["message"], (input, error)
    assert (await gql("{ artifacts { totalCount } }"))["artifacts"]["totalCount"] == 0


async def test_runs_must_exist_and_a_task_run_implies_its_flow_run(gql: GraphQLClient) -> None:
    flow = await create_flow(gql)
    run = await create_flow_run(gql, flow["id"])
    task_run = await create_task_run(gql, run["id"])

    linked = await create(gql, taskRunId=task_run["id"])
    assert (linked["flowRunId"], linked["taskRunId"]) == (run["id"], task_run["id"])

    missing = await create_payload(gql, type="markdown", data="x", flowRunId=unknown_id())
    assert (missing["errors"][0]["code"], missing["errors"][0]["field"]) == (
        "NOT_FOUND",
        ["flowRunId"],
    )
    missing = await create_payload(gql, type="markdown", data="x", taskRunId=unknown_id())
    assert missing["errors"][0]["field"] == ["taskRunId"]
    other_run = await create_flow_run(gql, flow["id"])
    mismatch = await create_payload(
        gql, type="markdown", data="x", taskRunId=task_run["id"], flowRunId=other_run["id"]
    )
    assert "belongs to flow run" in mismatch["errors"][0]["message"]


async def test_runs_list_their_artifacts(gql: GraphQLClient) -> None:
    flow = await create_flow(gql)
    runs = [await create_flow_run(gql, flow["id"], name=f"run-{n}") for n in range(3)]
    task_run = await create_task_run(gql, runs[0]["id"])
    for n, run in enumerate(runs):
        for m in range(n + 1):
            await create(gql, data=f"{n}.{m}", flowRunId=run["id"])
    await create(gql, "link", "[x](y)", taskRunId=task_run["id"])

    data = await gql(
        "{ flowRuns(orderBy: NAME_ASC) { edges { node { name "
        'artifacts(first: 2, filter: {type: {any: ["markdown"]}}) '
        "{ totalCount edges { node { data flowRun { name } } } } "
        "taskRuns { edges { node { artifacts { edges { node { type taskRun { id } } } } } } } "
        "} } } }"
    )
    nodes = [edge["node"] for edge in data["flowRuns"]["edges"]]
    assert [node["artifacts"]["totalCount"] for node in nodes] == [1, 2, 3]
    assert [edge["node"]["data"] for edge in nodes[2]["artifacts"]["edges"]] == ["2.2", "2.1"]
    assert nodes[1]["artifacts"]["edges"][0]["node"]["flowRun"] == {"name": "run-1"}
    [task_node] = nodes[0]["taskRuns"]["edges"]
    assert task_node["node"]["artifacts"]["edges"] == [
        {"node": {"type": "link", "taskRun": {"id": task_run["id"]}}}
    ]


async def test_progress_updates_and_events(gql: GraphQLClient) -> None:
    progress = await create(gql, "progress", 0, key="load", description="starting")
    update = (
        f"mutation($input: UpdateArtifactInput!) {{ updateArtifact(input: $input) {{ "
        f"artifact {{ {ARTIFACT} }} {ERRORS} }} }}"
    )

    moved = (await gql(update, {"input": {"id": progress["id"], "data": 42.5}}))["updateArtifact"]
    assert (moved["artifact"]["data"], moved["artifact"]["description"]) == (42.5, "starting")
    too_far = await gql(update, {"input": {"id": progress["id"], "data": 101}})
    assert too_far["updateArtifact"]["errors"][0]["field"] == ["data"]
    missing = await gql(update, {"input": {"id": unknown_id(), "data": 1}})
    assert missing["updateArtifact"]["errors"][0]["code"] == "NOT_FOUND"

    data = await gql(
        '{ events(filter: {eventPrefix: ["flowql.artifact."]}) '
        "{ edges { node { event resource payload } } } }"
    )
    nodes = [edge["node"] for edge in data["events"]["edges"]]
    assert [node["event"] for node in nodes] == [
        "flowql.artifact.created",
        "flowql.artifact.updated",
    ]
    assert nodes[0]["resource"] == {
        "flowql.resource.id": f"flowql.artifact.{progress['id']}",
        "flowql.resource.name": "load",
    }
    assert nodes[1]["payload"] == {"type": "progress", "fields": ["data"]}


DELETE = (
    f"mutation($input: DeleteInput!) {{ deleteArtifact(input: $input) {{ deletedId {ERRORS} }} }}"
)


async def test_deleting_the_latest_version_makes_the_previous_one_latest(
    gql: GraphQLClient,
) -> None:
    v1 = await create(gql, key="report", data="v1")
    v2 = await create(gql, key="report", data="v2")
    latest = '{ latestArtifact(key: "report") { id data } latestArtifacts { totalCount } }'
    assert (await gql(latest))["latestArtifact"] == {"id": v2["id"], "data": "v2"}

    deleted = (await gql(DELETE, {"input": {"id": v2["id"]}}))["deleteArtifact"]
    assert deleted == {"deletedId": v2["id"], "errors": []}
    data = await gql(latest)
    assert data["latestArtifact"] == {"id": v1["id"], "data": "v1"}
    assert data["latestArtifacts"]["totalCount"] == 1
    assert (await gql(f'{{ artifact(id: "{v2["id"]}") {{ id }} }}'))["artifact"] is None

    await gql(DELETE, {"input": {"id": v1["id"]}})
    gone = await gql(latest)
    assert (gone["latestArtifact"], gone["latestArtifacts"]["totalCount"]) == (None, 0)


async def test_deleting_an_unknown_artifact_is_a_not_found_error(gql: GraphQLClient) -> None:
    kept = await create(gql, key="kept")
    missing = unknown_id()
    payload = (await gql(DELETE, {"input": {"id": missing}}))["deleteArtifact"]
    assert payload["deletedId"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == ("NOT_FOUND", ["id"])
    assert missing in error["message"]
    assert (await gql("{ artifacts { edges { node { id } } } }"))["artifacts"]["edges"] == [
        {"node": {"id": kept["id"]}}
    ]


async def test_deleting_emits_an_event_naming_the_key_and_runs(gql: GraphQLClient) -> None:
    flow = await create_flow(gql)
    run = await create_flow_run(gql, flow["id"])
    artifact = await create(gql, key="report", flowRunId=run["id"])
    await gql(DELETE, {"input": {"id": artifact["id"]}})

    data = await gql(
        '{ events(filter: {eventPrefix: ["flowql.artifact."]}) '
        "{ edges { node { event resource related payload } } } }"
    )
    nodes = [edge["node"] for edge in data["events"]["edges"]]
    assert [node["event"] for node in nodes] == [
        "flowql.artifact.created",
        "flowql.artifact.deleted",
    ]
    assert nodes[1]["resource"] == {
        "flowql.resource.id": f"flowql.artifact.{artifact['id']}",
        "flowql.resource.name": "report",
    }
    assert nodes[1]["payload"] == {"type": "markdown"}
    assert [related["flowql.resource.id"] for related in nodes[1]["related"]] == [
        f"flowql.flow-run.{run['id']}"
    ]
