"""The GraphQL object types built with ``from_row`` agree with the models they are built from.

Each field a type takes at construction must be an attribute of its model, and
a column that may be NULL must be a nullable GraphQL field, so that types and
models cannot drift apart silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from strawberry.types.base import StrawberryOptional
from strawberry.types.private import is_private

import flowql
from flowql.db import models as m
from flowql.schema.rows import row_field_names
from flowql.schema.types.artifact import Artifact
from flowql.schema.types.block import BlockSchema, BlockType
from flowql.schema.types.flow import Flow
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.log import Log
from flowql.schema.types.state import State
from flowql.schema.types.task_run import TaskRun
from flowql.schema.types.variable import Variable

BUILT_FROM: dict[type[Any], tuple[type[m.Base], ...]] = {
    Flow: (m.Flow,),
    FlowRun: (m.FlowRun,),
    TaskRun: (m.TaskRun,),
    State: (m.FlowRunState, m.TaskRunState),
    Log: (m.Log,),
    Variable: (m.Variable,),
    Artifact: (m.Artifact,),
    BlockType: (m.BlockType,),
    BlockSchema: (m.BlockSchema,),
}
PAIRS = [(cls, model) for cls, models in BUILT_FROM.items() for model in models]


def pair_id(pair: tuple[type[Any], type[m.Base]]) -> str:
    return f"{pair[0].__name__}-{pair[1].__name__}"


@pytest.mark.parametrize(("cls", "model"), PAIRS, ids=[pair_id(p) for p in PAIRS])
def test_every_init_field_is_a_model_attribute(cls: type[Any], model: type[m.Base]) -> None:
    attributes = set(sa.inspect(model).attrs.keys())
    fields = row_field_names(cls)

    assert fields, cls
    assert set(fields) - attributes == set(), f"{cls.__name__} fields missing on {model.__name__}"


@pytest.mark.parametrize(("cls", "model"), PAIRS, ids=[pair_id(p) for p in PAIRS])
def test_nullable_columns_are_nullable_fields(cls: type[Any], model: type[m.Base]) -> None:
    columns = sa.inspect(model).columns
    graphql_fields = {
        field.python_name: field
        for field in cls.__strawberry_definition__.fields
        if not is_private(field.type)
    }
    wrong = [
        name
        for name in row_field_names(cls)
        if name in graphql_fields
        and columns[name].nullable
        and not isinstance(graphql_fields[name].type, StrawberryOptional)
    ]
    assert wrong == [], f"{cls.__name__}: nullable columns exposed as non-null fields"


def test_every_type_built_from_rows_is_checked() -> None:
    source = Path(flowql.__file__).parent
    used = {
        name
        for path in source.rglob("*.py")
        for name in re.findall(r"from_row\((\w+),", path.read_text())
    }
    assert used == {cls.__name__ for cls in BUILT_FROM}
