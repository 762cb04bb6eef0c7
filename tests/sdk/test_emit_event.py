"""flowql.events.emit_event, as Prefect's: stored before it returns, related to the run
it was emitted from, refused clearly when malformed; embedded and remote."""

from __future__ import annotations

import pytest
from tests.sdk.conftest import query

from flowql import flow, task
from flowql.events import Event, emit_event
from flowql.sdk.client.errors import ApiError

READ = """
query($prefix: [String!]) {
  events(filter: {eventPrefix: $prefix}) {
    edges { node { id event resource related payload } }
  }
}
"""


def stored(prefix: str) -> list[dict]:
    return [edge["node"] for edge in query(READ, {"prefix": [prefix]})["events"]["edges"]]


def test_an_event_from_a_task_is_related_to_its_runs(sdk_mode: str) -> None:
    @task
    def train() -> Event:
        return emit_event(
            "acme.model.trained",
            resource={"prefect.resource.id": "acme.model.churn"},
            payload={"auc": 0.9},
        )

    @flow
    def pipeline() -> Event:
        return train()

    emitted = pipeline()

    [node] = stored("acme.model.")
    assert node["id"] == str(emitted.id)
    assert node["resource"]["flowql.resource.id"] == "acme.model.churn"
    assert node["payload"] == {"auc": 0.9}
    roles = {item["flowql.resource.role"] for item in node["related"]}
    assert roles == {"flow-run", "task-run"}


def test_outside_a_run_an_event_relates_to_nothing(sdk_mode: str) -> None:
    emit_event("acme.deploy.finished", resource={"flowql.resource.id": "acme.app"})

    [node] = stored("acme.deploy.")
    assert node["related"] == []


def test_a_resource_without_an_id_is_refused(sdk_mode: str) -> None:
    with pytest.raises(ApiError, match=r"needs a 'flowql\.resource\.id' label"):
        emit_event("acme.oops", resource={"name": "nameless"})
