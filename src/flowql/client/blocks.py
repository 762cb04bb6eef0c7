"""``FlowqlClient``'s block methods (Prefect's names) and their blocking twins."""

from __future__ import annotations

from flowql.client.core import ClientCore

__all__ = ["BlockMethods", "SyncBlockMethods"]


class BlockMethods(ClientCore):
    """Reading and writing blocks through the API."""


class SyncBlockMethods:
    """The blocking twins of :class:`BlockMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """
