"""Assemble the Strawberry schema with its limits switched on."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from flowql.resolvers.artifacts import ArtifactMutation, ArtifactQuery
from flowql.resolvers.blocks import BlockMutation, BlockQuery
from flowql.resolvers.mutation import Mutation
from flowql.resolvers.query import Query
from flowql.resolvers.subscription import Subscription
from flowql.resolvers.variables import VariableMutation, VariableQuery
from flowql.schema.errors import FlowqlSchema, MaskUnexpectedErrors
from flowql.schema.scalars import DateTime
from flowql.schema.shared_execution import SharedEventExecution

MAX_QUERY_DEPTH = 12
MAX_TOKENS = 10_000
MAX_ALIASES = 30

# The rule classes are built once: QueryDepthLimiter and MaxAliasesLimiter
# would build new ones per request, and ValidationCache, which is keyed by the
# rules, would then never hit.
_LIMIT_RULES = (
    max_depth_rule(MAX_QUERY_DEPTH, should_ignore=None),
    max_aliases_rule(MAX_ALIASES),
)


def build_schema() -> strawberry.Schema:
    return FlowqlSchema(
        query=merge_types("Query", (Query, VariableQuery, ArtifactQuery, BlockQuery)),
        mutation=merge_types(
            "Mutation", (Mutation, VariableMutation, ArtifactMutation, BlockMutation)
        ),
        subscription=Subscription,
        execution_context_class=SharedEventExecution,
        config=StrawberryConfig(auto_camel_case=True, scalar_map={datetime: DateTime}),
        extensions=[
            lambda: AddValidationRules(list(_LIMIT_RULES)),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            MaskUnexpectedErrors,
        ],
    )
