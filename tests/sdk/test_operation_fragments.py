"""Operations share selections through fragments; the loader adds exactly those used."""

from __future__ import annotations

import graphql
import pytest

from flowql.sdk.client import operations


def test_an_operation_gets_the_fragments_it_spreads_and_theirs() -> None:
    document = graphql.parse(operations.operation("ClientReadFlowRuns"))

    fragments = {d.name.value for d in document.definitions
                 if isinstance(d, graphql.FragmentDefinitionNode)}  # fmt: skip
    assert fragments == {"ClientFlowRunFields", "ClientStateFields"}


def test_an_operation_without_spreads_is_unchanged() -> None:
    path = operations.OPERATIONS_DIR / "CreateLogs.graphql"
    assert operations.operation("CreateLogs") == path.read_text()


def test_an_unknown_fragment_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="no GraphQL fragment named 'Nope'"):
        operations._fragments_used("query Q { flows { ...Nope } }")
