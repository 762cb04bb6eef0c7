"""The committed schema.graphql is the SDL the code builds: the UI and SDK
operations are checked against that file, so it must not drift."""

from __future__ import annotations

from pathlib import Path

from flowql.schema.build import build_schema

SNAPSHOT = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    expected = build_schema().as_str() + "\n"
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.is_file() else ""
    assert committed == expected, (
        "schema.graphql is out of date with the code: run `make schema` "
        "(or `.venv/bin/flowql export-schema`) and commit the result"
    )
