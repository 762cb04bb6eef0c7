"""flowql.artifacts, as Prefect 3's: each kind of artifact, linked to the run it is made
in, versioned by key, progress updates, clear refusals; embedded and remote."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from tests.sdk.conftest import query

from flowql import flow, task
from flowql.artifacts import (
    acreate_markdown_artifact,
    create_image_artifact,
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

READ = """
query($id: UUID!) {
  artifact(id: $id) { id key type description data flowRunId taskRunId }
}
"""


def read(artifact_id: uuid.UUID) -> dict[str, Any]:
    node: dict[str, Any] = query(READ, {"id": str(artifact_id)})["artifact"]
    return node


def test_each_kind_is_stored_with_its_data(sdk_mode: str) -> None:
    markdown = create_markdown_artifact("# Report", key="report", description="weekly")
    rows = create_table_artifact([{"a": 1, "b": float("nan")}, {"a": 2, "b": 0.5}])
    columns = create_table_artifact({"a": [1, 2], "b": ("x", "y")})
    grid = create_table_artifact([[1, 2], (3, 4)])
    link = create_link_artifact("https://example.com", link_text="Example")
    bare_link = create_link_artifact("https://example.com")
    image = create_image_artifact("https://example.com/a.png", description="chart")

    assert read(markdown) == {
        "id": str(markdown), "key": "report", "type": "markdown", "description": "weekly",
        "data": "# Report", "flowRunId": None, "taskRunId": None,
    }  # fmt: skip
    assert read(rows)["data"] == [{"a": 1, "b": None}, {"a": 2, "b": 0.5}]
    assert read(columns)["data"] == {"a": [1, 2], "b": ["x", "y"]}
    assert read(grid)["data"] == [[1, 2], [3, 4]]
    assert read(link)["data"] == "[Example](https://example.com)"
    assert read(bare_link)["data"] == "[https://example.com](https://example.com)"
    assert (read(image)["type"], read(image)["data"]) == ("image", "https://example.com/a.png")


def test_artifacts_are_linked_to_the_run_they_are_made_in(sdk_mode: str) -> None:
    @task
    def summarise() -> uuid.UUID:
        return create_markdown_artifact("task says hi", key="summary")

    @flow
    def pipeline() -> tuple[uuid.UUID, uuid.UUID]:
        return create_markdown_artifact("flow says hi", key="summary"), summarise()

    from_flow, from_task = pipeline()

    flow_artifact, task_artifact = read(from_flow), read(from_task)
    assert flow_artifact["flowRunId"] is not None and flow_artifact["taskRunId"] is None
    assert task_artifact["flowRunId"] == flow_artifact["flowRunId"]
    run = query(
        "query($id: UUID!) { flowRun(id: $id) { artifacts { edges { node { id } } } "
        "taskRuns { edges { node { id artifacts { edges { node { id } } } } } } } }",
        {"id": flow_artifact["flowRunId"]},
    )["flowRun"]
    assert [edge["node"]["id"] for edge in run["artifacts"]["edges"]] == [
        str(from_task),
        str(from_flow),
    ]
    [task_run] = run["taskRuns"]["edges"]
    assert task_run["node"]["id"] == task_artifact["taskRunId"]
    assert [edge["node"]["id"] for edge in task_run["node"]["artifacts"]["edges"]] == [
        str(from_task)
    ]
    latest = query('{ latestArtifact(key: "summary") { id } }')["latestArtifact"]
    assert latest == {"id": str(from_task)}


def test_progress_moves_and_keeps_its_description(sdk_mode: str) -> None:
    progress = create_progress_artifact(0.0, key="load", description="loading")

    assert update_progress_artifact(progress, 50) == progress
    assert (read(progress)["data"], read(progress)["description"]) == (50, "loading")
    update_progress_artifact(progress, 100, description="done")
    assert (read(progress)["data"], read(progress)["description"]) == (100, "done")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: create_markdown_artifact("x", key="Not Valid"), "lowercase letters"),
        (lambda: create_table_artifact("a,b"), "list of dicts, a dict of lists"),
        (lambda: create_table_artifact([{"a": {1, 2}}]), r"data\[0\]\['a'\] is a set"),
        (lambda: create_progress_artifact(150), "from 0 to 100, got 150"),
        (lambda: update_progress_artifact(uuid.uuid4(), -1), "from 0 to 100, got -1"),
        (lambda: create_markdown_artifact(5), "must be a string, got int"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_refused_clearly(sdk_mode: str, make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
    assert query("{ artifacts { totalCount } }")["artifacts"]["totalCount"] == 0


def test_async_variants(sdk_mode: str) -> None:
    @flow
    async def report() -> uuid.UUID:
        first = await acreate_markdown_artifact("one", key="async-report")
        await create_markdown_artifact("two", key="async-report")  # awaitable in async code
        return first

    first = asyncio.run(report())

    history = query(
        '{ artifactHistory(key: "async-report") { edges { node { id data flowRunId } } } }'
    )
    nodes = [edge["node"] for edge in history["artifactHistory"]["edges"]]
    assert [node["data"] for node in nodes] == ["two", "one"]
    assert nodes[1]["id"] == str(first)
    assert nodes[0]["flowRunId"] == nodes[1]["flowRunId"] is not None
