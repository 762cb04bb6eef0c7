"""``FlowqlClient``'s variable methods (Prefect's names) and their blocking twins."""

from __future__ import annotations

from flowql.client.core import ClientCore

__all__ = ["SyncVariableMethods", "VariableMethods"]


class VariableMethods(ClientCore):
    """Reading and writing variables through the API."""


class SyncVariableMethods:
    """The blocking twins of :class:`VariableMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """
