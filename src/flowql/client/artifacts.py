"""``FlowqlClient``'s artifact methods (Prefect's names) and their blocking twins."""

from __future__ import annotations

from flowql.client.core import ClientCore

__all__ = ["ArtifactMethods", "SyncArtifactMethods"]


class ArtifactMethods(ClientCore):
    """Reading and writing artifacts through the API."""


class SyncArtifactMethods:
    """The blocking twins of :class:`ArtifactMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """
