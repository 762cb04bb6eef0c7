"""The CLI's GraphQL documents are valid against the schema, one named operation each."""

from __future__ import annotations

import graphql
import pytest

from flowql.schema.build import build_schema
from flowql.sdk.client.operations import operation

CLI_OPERATIONS = [
    "FlowRuns",
    "FlowRunDetail",
    "FlowRunLogs",
    "DeleteFlowRun",
    "Variables",
    "Artifacts",
    "LatestArtifacts",
    "ArtifactHistory",
    "ClientDeleteArtifact",
    "ClientReadVariableByName",
    "SetVariable",
    "DeleteVariable",
]


@pytest.fixture(scope="module")
def schema() -> graphql.GraphQLSchema:
    return graphql.build_schema(build_schema().as_str())


@pytest.mark.parametrize("name", CLI_OPERATIONS)
def test_operation_is_valid(schema: graphql.GraphQLSchema, name: str) -> None:
    document = graphql.parse(operation(name))
    assert graphql.validate(schema, document) == []
    definitions = [
        d for d in document.definitions if isinstance(d, graphql.OperationDefinitionNode)
    ]
    assert len(definitions) == 1
    assert definitions[0].name is not None
    assert definitions[0].name.value == name
