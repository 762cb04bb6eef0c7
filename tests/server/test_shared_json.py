"""A shared subscription result's data is encoded once, and every message stays exact JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowql.server import shared_json


@pytest.fixture
def encodings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    original = shared_json._dumps

    def counting(value: Any) -> str:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(shared_json, "_dumps", counting)
    return seen


def test_shared_data_is_encoded_once_for_every_subscriber(encodings: list[Any]) -> None:
    data = {"flowRunUpdates": {"flowRuns": [{"id": "a", "stateType": "RUNNING"}]}}
    texts = [
        shared_json.encode_json({"id": f"sub-{n}", "type": "next", "payload": {"data": data}})
        for n in range(3)
    ]
    assert [json.loads(text) for text in texts] == [
        {"id": f"sub-{n}", "type": "next", "payload": {"data": data}} for n in range(3)
    ]
    assert sum(value is data for value in encodings) == 1


@pytest.mark.parametrize(
    "message",
    [
        {"id": 'quote"d', "type": "data", "payload": {"data": {"x": "é\n"}}},  # legacy protocol
        {"id": "1", "type": "next", "payload": {"data": None, "errors": [{"message": "no"}]}},
        {"id": "1", "type": "complete"},
        {"type": "connection_ack"},
        {"data": {"flows": []}},  # an HTTP answer
        [1, 2],
    ],
)
def test_every_message_encodes_to_the_same_json(message: Any) -> None:
    assert json.loads(shared_json.encode_json(message)) == message


def test_equal_but_distinct_data_is_not_confused(encodings: list[Any]) -> None:
    first, second = {"n": 1}, {"n": 2}
    one = shared_json.encode_json({"id": "1", "type": "next", "payload": {"data": first}})
    two = shared_json.encode_json({"id": "1", "type": "next", "payload": {"data": second}})
    assert json.loads(one)["payload"]["data"] == {"n": 1}
    assert json.loads(two)["payload"]["data"] == {"n": 2}
