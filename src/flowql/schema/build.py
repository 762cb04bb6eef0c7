"""Assemble the Strawberry schema with its limits switched on."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from flowql.resolvers.mutation import Mutation
from flowql.resolvers.query import Query
from flowql.schema.errors import FlowqlSchema, MaskUnexpectedErrors

MAX_QUERY_DEPTH = 12
MAX_TOKENS = 10_000
MAX_ALIASES = 30


def build_schema() -> strawberry.Schema:
    return FlowqlSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            MaskUnexpectedErrors,
        ],
    )
