"""Prefect's ``prefect.client``: ``get_client()`` and the Prefect-shaped schemas.

``from flowql.client.orchestration import get_client`` (or ``from flowql
import get_client``) is what a Prefect script needs; see
``flowql.client.orchestration``. Names load lazily, so importing this package
does not import pydantic models or the transports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "get_client": "flowql.client.orchestration",
    "FlowqlClient": "flowql.client.orchestration",
    "PrefectClient": "flowql.client.orchestration",
    "SyncFlowqlClient": "flowql.client.orchestration",
    "SyncPrefectClient": "flowql.client.orchestration",
}

if TYPE_CHECKING:
    from flowql.client.orchestration import (
        FlowqlClient,
        PrefectClient,
        SyncFlowqlClient,
        SyncPrefectClient,
        get_client,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flowql.client' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FlowqlClient",
    "PrefectClient",
    "SyncFlowqlClient",
    "SyncPrefectClient",
    "get_client",
]
