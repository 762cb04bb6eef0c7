"""How events name resources: ``flowql.<kind>.<id>`` with labels, as Prefect's events do.

Shared by the server's outbox and the SDK's ``emit_event``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

RESOURCE_ID = "flowql.resource.id"
RESOURCE_NAME = "flowql.resource.name"
RESOURCE_ROLE = "flowql.resource.role"


def resource_id(kind: str, id: uuid.UUID | str) -> str:
    """``flowql.flow-run.<id>``: how events name a resource of ``kind``."""
    return f"flowql.{kind}.{id}"


def id_in(resource_id: str, kind: str) -> uuid.UUID | None:
    """The id in ``flowql.<kind>.<id>``; None when the resource is not one (a client
    may emit events named like a run's about something else)."""
    prefix = f"flowql.{kind}."
    if not resource_id.startswith(prefix):
        return None
    try:
        return uuid.UUID(resource_id[len(prefix) :])
    except ValueError:
        return None


def related(
    kind: str, id: uuid.UUID | str, *, role: str, name: str | None = None
) -> dict[str, str]:
    labels = {RESOURCE_ID: resource_id(kind, id), RESOURCE_ROLE: role}
    if name is not None:
        labels[RESOURCE_NAME] = name
    return labels


def tag_resources(tags: Iterable[str]) -> list[dict[str, str]]:
    return [related("tag", tag, role="tag") for tag in tags]
