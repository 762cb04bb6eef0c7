"""Prefect 3's Artifact class family in flowql.artifacts: create (sync and async), get
the latest of a key, get_or_create, format, and clear refusals; embedded and remote."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from tests.sdk.conftest import query

from flowql import flow, task
from flowql.artifacts import (
    Artifact,
    ImageArtifact,
    LinkArtifact,
    MarkdownArtifact,
    ProgressArtifact,
    TableArtifact,
)
from flowql.client.schemas.artifacts import Artifact as ArtifactResponse
from flowql.sdk.client.errors import ApiError

READ = "query($id: UUID!) { artifact(id: $id) { key type description data flowRunId } }"


def read(artifact_id: uuid.UUID) -> dict[str, Any]:
    node: dict[str, Any] = query(READ, {"id": str(artifact_id)})["artifact"]
    return node


def test_each_class_creates_its_kind_and_returns_it_as_stored(sdk_mode: str) -> None:
    made = [
        MarkdownArtifact(markdown="# Hi", key="notes", description="weekly").create(),
        TableArtifact(table=[{"a": 1, "b": float("nan")}]).create(),
        LinkArtifact(link="https://example.com", link_text="Example").create(),
        ProgressArtifact(progress=12.5).create(),
        ImageArtifact(image_url="https://example.com/a.png").create(),
        Artifact(type="custom", data={"any": ["json"]}, key="mine").create(),
    ]

    assert all(isinstance(artifact, ArtifactResponse) for artifact in made)
    assert [(a.type, a.data) for a in made] == [
        ("markdown", "# Hi"),
        ("table", [{"a": 1, "b": None}]),
        ("link", "[Example](https://example.com)"),
        ("progress", 12.5),
        ("image", "https://example.com/a.png"),
        ("custom", {"any": ["json"]}),
    ]
    assert (made[0].key, made[0].description, made[0].flow_run_id) == ("notes", "weekly", None)
    assert read(made[0].id) == {
        "key": "notes", "type": "markdown", "description": "weekly", "data": "# Hi",
        "flowRunId": None,
    }  # fmt: skip
    assert read(made[1].id)["data"] == [{"a": 1, "b": None}]


def test_format_gives_the_data_flowql_stores(sdk_mode: str) -> None:
    assert TableArtifact(table={"a": [1.0, float("nan")]}).format() == {"a": [1.0, None]}
    assert LinkArtifact(link="https://x.org").format() == "[https://x.org](https://x.org)"
    assert ProgressArtifact(progress=3).format() == 3
    assert asyncio.run(MarkdownArtifact(markdown="m").aformat()) == "m"


def test_get_is_the_latest_version_of_a_key(sdk_mode: str) -> None:
    assert Artifact.get("report") is None
    first = MarkdownArtifact(markdown="v1", key="report").create()
    second = MarkdownArtifact(markdown="v2", key="report").create()
    MarkdownArtifact(markdown="other", key="other").create()

    latest = Artifact.get("report")
    assert latest is not None
    assert (latest.id, latest.data, latest.key) == (second.id, "v2", "report")
    assert latest.created is not None

    found, created = MarkdownArtifact.get_or_create(key="report", markdown="ignored")
    assert (found.id, created) == (second.id, False)
    made, created = MarkdownArtifact.get_or_create(key="fresh", markdown="new", description="d")
    assert created is True
    assert (made.type, made.data, made.description) == ("markdown", "new", "d")
    assert Artifact.get("fresh") is not None and first.id != second.id


def test_artifacts_made_in_runs_are_linked_to_them(sdk_mode: str) -> None:
    @task
    def in_task() -> ArtifactResponse:
        return ProgressArtifact(progress=50, key="load").create()

    @flow
    def pipeline() -> tuple[ArtifactResponse, ArtifactResponse]:
        return MarkdownArtifact(markdown="flow", key="summary").create(), in_task()

    from_flow, from_task = pipeline()

    assert from_flow.flow_run_id is not None and from_flow.task_run_id is None
    assert from_task.task_run_id is not None
    assert from_task.flow_run_id == from_flow.flow_run_id
    assert read(from_task.id)["flowRunId"] == str(from_flow.flow_run_id)
    later = MarkdownArtifact(markdown="after", flow_run_id=from_flow.flow_run_id).create()
    assert (later.flow_run_id, later.task_run_id) == (from_flow.flow_run_id, None)
    with pytest.raises(ApiError, match="not found"):
        MarkdownArtifact(markdown="lost", flow_run_id=uuid.uuid4()).create()


def test_async_names_and_awaitable_sync_names(sdk_mode: str) -> None:
    @flow
    async def report() -> tuple[Any, Any, Any]:
        first = await MarkdownArtifact(markdown="one", key="async-report").acreate()
        second = await MarkdownArtifact(markdown="two", key="async-report").create()
        latest = await Artifact.get("async-report")
        again = await Artifact.aget_or_create(key="async-report", type="markdown", data="x")
        return first, second, (latest, again)

    first, second, (latest, (again, created)) = asyncio.run(report())

    assert first.flow_run_id == second.flow_run_id is not None
    assert latest.id == second.id
    assert (again.id, created) == (second.id, False)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MarkdownArtifact(markdown=5), "must be a string, got int"),
        (lambda: MarkdownArtifact(markdown="x", key="Not Valid"), "lowercase letters"),
        (lambda: TableArtifact(table="a,b"), "list of dicts, a dict of lists"),
        (lambda: ProgressArtifact(progress=150), "from 0 to 100, got 150"),
        (lambda: LinkArtifact(link=3), "link must be a string, got int"),
        (lambda: Artifact(type="Bad Type", data=1), "artifact type"),
        (lambda: Artifact(data={"no": "type"}).create(), "an artifact needs a type"),
        (lambda: Artifact(type="custom", data={1, 2}), "data is a set"),
        (lambda: MarkdownArtifact(markdown="x", metadata_={"a": "b"}), "metadata_"),
    ],
)
def test_bad_input_is_refused_before_sending(sdk_mode: str, make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
    assert query("{ artifacts { totalCount } }")["artifacts"]["totalCount"] == 0


def test_changed_fields_are_checked_again_on_create(sdk_mode: str) -> None:
    artifact = ProgressArtifact(progress=10)
    artifact.progress = -1
    with pytest.raises(ValueError, match="from 0 to 100, got -1"):
        artifact.create()
    assert query("{ artifacts { totalCount } }")["artifacts"]["totalCount"] == 0
