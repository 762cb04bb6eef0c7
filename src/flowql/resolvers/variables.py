"""Variables in the API: the ``variable``/``variables`` queries and the mutations
that create, set (Prefect's ``Variable.set``), update and delete them.

Merged into the root Query and Mutation by ``schema/build.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from flowql.core.errors import InvalidInputError
from flowql.core.variables import VariableSort
from flowql.db import models as m
from flowql.db.queries.variables import variable_clauses, variable_sort
from flowql.resolvers.mutation import errors_as_data
from flowql.schema import inputs as i
from flowql.schema import payloads as p
from flowql.schema.connection import Connection, root_connection
from flowql.schema.filters import VariableFilter
from flowql.schema.rows import from_row
from flowql.schema.types.variable import Variable
from flowql.services import variables


@strawberry.type
class VariableQuery:
    @strawberry.field(description="A variable by its id or its name (give one), or null.")
    async def variable(
        self, info: strawberry.Info, id: uuid.UUID | None = None, name: str | None = None
    ) -> Variable | None:
        if (id is None) == (name is None):
            raise InvalidInputError("give the variable's id or its name (one of them)")
        row = await info.context.loaders.variable_by_id.load(id) if id is not None else None
        if name is not None:
            row = await info.context.loaders.variable_by_name.load(name)
        return None if row is None else from_row(Variable, row)

    @strawberry.field
    def variables(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: VariableFilter | None = None,
        order_by: VariableSort = VariableSort.NAME_ASC,
    ) -> Connection[Variable]:
        return root_connection(
            info.context.db,
            m.Variable,
            where=variable_clauses(filter),
            sort_key=variable_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(Variable, row),
        )


def _db(info: strawberry.Info) -> Any:
    return info.context.db


@strawberry.type
class VariableMutation:
    @strawberry.mutation(description="Create a variable; a CONFLICT if the name is taken.")
    @errors_as_data(p.VariablePayload)
    async def create_variable(
        self, info: strawberry.Info, input: i.CreateVariableInput
    ) -> p.VariablePayload:
        row = await variables.create_variable(
            _db(info), name=input.name, value=input.value, tags=input.tags
        )
        return p.VariablePayload(variable=from_row(Variable, row), created=True)

    @strawberry.mutation(
        description="Create a variable or, with overwrite, replace the value and tags of the "
        "existing one, atomically (Prefect's Variable.set)."
    )
    @errors_as_data(p.VariablePayload)
    async def set_variable(
        self, info: strawberry.Info, input: i.SetVariableInput
    ) -> p.VariablePayload:
        row, created = await variables.set_variable(
            _db(info),
            name=input.name,
            value=input.value,
            tags=input.tags,
            overwrite=input.overwrite,
        )
        return p.VariablePayload(variable=from_row(Variable, row), created=created)

    @strawberry.mutation(description="Change a variable's value, tags or name.")
    @errors_as_data(p.VariablePayload)
    async def update_variable(
        self, info: strawberry.Info, input: i.UpdateVariableInput
    ) -> p.VariablePayload:
        row = await variables.update_variable(
            _db(info),
            input.name,
            value=variables.KEEP if input.value is strawberry.UNSET else input.value,
            tags=input.tags,
            new_name=input.new_name,
        )
        return p.VariablePayload(variable=from_row(Variable, row))

    @strawberry.mutation(description="Delete a variable by id or name.")
    @errors_as_data(p.DeletePayload)
    async def delete_variable(
        self, info: strawberry.Info, input: i.DeleteVariableInput
    ) -> p.DeletePayload:
        deleted = await variables.delete_variable(_db(info), id=input.id, name=input.name)
        return p.DeletePayload(deleted_id=deleted)
