"""get_client()'s variable and artifact methods (Prefect's names and shapes), async and
sync, embedded and against a live server."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from flowql import flow
from flowql.artifacts import MarkdownArtifact
from flowql.client.orchestration import get_client
from flowql.client.schemas import filters as f
from flowql.client.schemas.artifacts import (
    Artifact,
    ArtifactCollection,
    ArtifactCollectionFilter,
    ArtifactCollectionFilterKey,
    ArtifactCollectionFilterLatestId,
    ArtifactCollectionFilterType,
    ArtifactCollectionSort,
    ArtifactCreate,
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    ArtifactFilterType,
    ArtifactSort,
    ArtifactUpdate,
)
from flowql.client.schemas.variables import Variable, VariableCreate, VariableUpdate
from flowql.exceptions import ObjectNotFound
from flowql.sdk.client.errors import ApiError


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def _variables_roundtrip() -> None:
    async with get_client() as client:
        assert await client.read_variable_by_name("region") is None
        made = await client.create_variable(VariableCreate(name="region", value={"a": 1}))
        assert isinstance(made, Variable)
        assert (made.name, made.value, made.tags, made.created is not None) == (
            "region", {"a": 1}, [], True,
        )  # fmt: skip
        with pytest.raises(ApiError, match="already exists") as refused:
            await client.create_variable(VariableCreate(name="region", value=2))
        assert refused.value.errors[0]["code"] == "CONFLICT"

        await client.update_variable(VariableUpdate(name="region", tags=["prod"]))
        read = await client.read_variable_by_name("region")
        assert read is not None and (read.value, read.tags) == ({"a": 1}, ["prod"])
        await client.update_variable(VariableUpdate(name="region", value=None))
        read = await client.read_variable_by_name("region")
        assert read is not None and (read.value, read.tags) == (None, ["prod"])
        with pytest.raises(ObjectNotFound, match="'nope' not found"):
            await client.update_variable(VariableUpdate(name="nope", value=1))

        await client.delete_variable_by_name("region")
        assert await client.read_variable_by_name("region") is None
        with pytest.raises(ObjectNotFound, match="'region' not found"):
            await client.delete_variable_by_name("region")


def test_variable_methods(sdk_mode: str) -> None:
    run(_variables_roundtrip())


def test_read_variables_by_name_with_limit_sync(sdk_mode: str) -> None:
    with get_client(sync_client=True) as client:
        for name in ["b", "c", "a"]:
            client.create_variable(VariableCreate(name=name, value=name, tags=["t"]))
        assert [v.name for v in client.read_variables()] == ["a", "b", "c"]
        assert [v.name for v in client.read_variables(limit=2)] == ["a", "b"]
        client.delete_variable_by_name("b")
        assert [(v.name, v.value) for v in client.read_variables()] == [("a", "a"), ("c", "c")]


def test_variable_actions_check_their_fields() -> None:
    with pytest.raises(ValueError, match="lowercase letters"):
        VariableCreate(name="Bad Name", value=1)
    with pytest.raises(ValueError, match="5000"):
        VariableCreate(name="big", value="x" * 5000)
    with pytest.raises(ValueError, match="set"):
        VariableUpdate(name="ok", value={1, 2})
    assert VariableUpdate(name="ok").to_graphql() == {"name": "ok"}
    assert VariableUpdate(name="ok", value=None).to_graphql() == {"name": "ok", "value": None}


def _seed() -> dict[str, Any]:
    """Two versions of "report", a table "numbers" made in a flow run, one without key."""

    @flow
    def pipeline() -> Any:
        return MarkdownArtifact(markdown="in a run", key="numbers", description="run").create()

    with get_client(sync_client=True) as client:
        v1 = client.create_artifact(ArtifactCreate(type="markdown", key="report", data="v1"))
        v2 = client.create_artifact(ArtifactCreate(type="markdown", key="report", data="v2"))
        bare = client.create_artifact(ArtifactCreate(type="table", data=[[1, 2]]))
    in_run = pipeline()
    return {"v1": v1, "v2": v2, "bare": bare, "in_run": in_run}


def test_create_and_read_artifacts(sdk_mode: str) -> None:
    seeded = _seed()
    v1, v2, bare, in_run = seeded["v1"], seeded["v2"], seeded["bare"], seeded["in_run"]
    assert isinstance(v1, Artifact) and v1.created is not None and v1.data == "v1"

    def ids(artifacts: list[Any]) -> list[uuid.UUID]:
        return [artifact.id for artifact in artifacts]

    with get_client(sync_client=True) as client:
        every = client.read_artifacts()
        assert ids(every) == [in_run.id, bare.id, v2.id, v1.id]  # newest first
        report = ArtifactFilter(key=ArtifactFilterKey(any_=["report"]))
        assert ids(client.read_artifacts(artifact_filter=report)) == [v2.id, v1.id]
        like = ArtifactFilter(key=ArtifactFilterKey(like_="REP"))
        assert ids(client.read_artifacts(artifact_filter=like, sort=ArtifactSort.CREATED_DESC)) == [
            v2.id, v1.id,
        ]  # fmt: skip
        tables = ArtifactFilter(type=ArtifactFilterType(any_=["table"]))
        assert ids(client.read_artifacts(artifact_filter=tables)) == [bare.id]
        not_markdown = ArtifactFilter(type=ArtifactFilterType(not_any_=["markdown"]))
        assert ids(client.read_artifacts(artifact_filter=not_markdown)) == [bare.id]
        by_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[in_run.flow_run_id]))
        assert ids(client.read_artifacts(artifact_filter=by_run)) == [in_run.id]
        by_key = client.read_artifacts(sort=ArtifactSort.KEY_ASC, limit=2, offset=1)
        assert [a.key for a in by_key] == ["report", "report"]
        by_id = client.read_artifacts(sort=ArtifactSort.ID_DESC)
        assert ids(by_id) == sorted(ids(every), reverse=True)


def test_read_latest_artifacts(sdk_mode: str) -> None:
    seeded = _seed()
    v2, in_run = seeded["v2"], seeded["in_run"]
    with get_client(sync_client=True) as client:
        latest = client.read_latest_artifacts()
        assert all(isinstance(item, ArtifactCollection) for item in latest)
        assert [(c.key, c.latest_id, c.id) for c in latest] == [
            ("numbers", in_run.id, in_run.id),
            ("report", v2.id, v2.id),
        ]
        assert (latest[0].description, latest[0].flow_run_id) == ("run", in_run.flow_run_id)
        newest = client.read_latest_artifacts(sort=ArtifactCollectionSort.KEY_DESC, limit=1)
        assert [c.key for c in newest] == ["report"]
        by_id = ArtifactCollectionFilter(latest_id=ArtifactCollectionFilterLatestId(any_=[v2.id]))
        assert [c.key for c in client.read_latest_artifacts(artifact_filter=by_id)] == ["report"]
        # The filter applies to the latest versions: v1 is no key's latest.
        old = ArtifactCollectionFilter(
            latest_id=ArtifactCollectionFilterLatestId(any_=[seeded["v1"].id])
        )
        assert client.read_latest_artifacts(artifact_filter=old) == []
        tables = ArtifactCollectionFilter(type=ArtifactCollectionFilterType(any_=["table"]))
        assert client.read_latest_artifacts(artifact_filter=tables) == []


async def _delete_and_update(v1: Artifact, v2: Artifact) -> None:
    async with get_client() as client:
        await client.delete_artifact(v2.id)
        [latest] = await client.read_latest_artifacts(
            artifact_filter=ArtifactCollectionFilter(
                key=ArtifactCollectionFilterKey(any_=["report"])
            )
        )
        assert latest.latest_id == v1.id
        with pytest.raises(ObjectNotFound, match=str(v2.id)):
            await client.delete_artifact(v2.id)

        await client.update_artifact(v1.id, ArtifactUpdate(description="now"))
        [read] = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["report"]))
        )
        assert (read.id, read.data, read.description) == (v1.id, "v1", "now")
        with pytest.raises(ObjectNotFound):
            await client.update_artifact(v2.id, ArtifactUpdate(data="x"))


def test_delete_and_update_artifacts(sdk_mode: str) -> None:
    seeded = _seed()
    run(_delete_and_update(seeded["v1"], seeded["v2"]))


async def _refusals() -> None:
    async with get_client() as client:
        with pytest.raises(NotImplementedError, match="flow_run_id"):
            await client.read_artifacts(flow_run_filter=f.FlowRunFilter())
        with pytest.raises(NotImplementedError, match="task_run_filter"):
            await client.read_latest_artifacts(task_run_filter=f.TaskRunFilter())
        exists = ArtifactFilter(key=ArtifactFilterKey(exists_=True))
        with pytest.raises(NotImplementedError, match="exists_"):
            await client.read_artifacts(artifact_filter=exists)
        with pytest.raises(NotImplementedError, match="metadata"):
            await client.create_artifact(
                ArtifactCreate(type="markdown", data="x", metadata_={"a": "b"})
            )
        with pytest.raises(ValueError, match="must be a string"):
            await client.create_artifact(ArtifactCreate(type="markdown", data=3))
        with pytest.raises(ValueError, match="needs a type"):
            await client.create_artifact(ArtifactCreate(data="x"))
        with pytest.raises(TypeError, match="ArtifactFilter"):
            await client.read_artifacts(artifact_filter=f.FlowFilter())  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="VariableCreate"):
            await client.create_variable({"name": "x", "value": 1})  # type: ignore[arg-type]
        assert await client.read_artifacts() == []
        assert await client.read_variables() == []


def test_unsupported_and_bad_arguments_are_refused(sdk_mode: str) -> None:
    run(_refusals())
