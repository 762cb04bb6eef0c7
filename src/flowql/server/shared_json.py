"""Websocket messages as JSON, with a shared subscription result encoded once.

Subscribers with the same document share each message's execution
(``schema.shared_execution``): each gets a copy of one result whose ``data``
is the same object. Strawberry then encodes a ``next`` message per
subscriber, and with 500 subscribers encoding the same data 500 times was
the largest part of what a change cost after sharing. ``encode_json`` (the
view's encoder, ``FlowqlGraphQL.encode_json``) keeps the JSON of the last
few hundred ``data`` objects and splices it into each subscriber's message.
Everything else is encoded as Strawberry does (compact ``json.dumps``).
"""

from __future__ import annotations

import json
from typing import Any

from flowql.core.recent import Recent

_SUBSCRIPTION_RESULTS = frozenset({"next", "data"})  # graphql-transport-ws, legacy graphql-ws
_FIELDS = frozenset({"id", "type", "payload"})
_encoded: Recent[int, tuple[Any, str]] = Recent(256)


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def encode_json(message: object) -> str:
    """``message`` as compact JSON; a subscription result's data from a cache by identity."""
    if not isinstance(message, dict) or message.get("type") not in _SUBSCRIPTION_RESULTS:
        return _dumps(message)
    payload = message.get("payload")
    if (
        not isinstance(payload, dict)
        or payload.keys() != {"data"}
        or message.keys()
        != {
            "id",
            "type",
            "payload",
        }
    ):
        return _dumps(message)
    data = payload["data"]
    found = _encoded.get(id(data))
    if found is None or found[0] is not data:  # held alive in the entry: an id is never reused
        found = _encoded.add(id(data), (data, _dumps(data)))
    head = f'{{"id":{_dumps(message["id"])},"type":"{message["type"]}",'
    return f'{head}"payload":{{"data":{found[1]}}}}}'
