"""``FlowqlClient``'s variable methods (Prefect's names) and their blocking twins.

``read_variable_by_name`` answers None for an unknown name, as Prefect's;
``update_variable`` and ``delete_variable_by_name`` raise ``ObjectNotFound``;
``create_variable`` raises ``ApiError`` (code ``CONFLICT``) for a name in use.
"""

from __future__ import annotations

from flowql.client.blocking import blocking
from flowql.client.checks import expect_action, mutation_payload
from flowql.client.core import ClientCore
from flowql.client.schemas.variables import Variable, VariableCreate, VariableSort, VariableUpdate

__all__ = ["SyncVariableMethods", "VariableMethods"]


class VariableMethods(ClientCore):
    """Reading and writing variables through the API."""

    async def read_variable_by_name(self, name: str) -> Variable | None:
        """The variable named ``name``, or None if there is none."""
        node = (await self._execute("ClientReadVariableByName", {"name": name}))["variable"]
        return None if node is None else Variable.from_api(node)

    async def read_variables(self, limit: int | None = None) -> list[Variable]:
        """Every variable (up to ``limit``), by name."""
        variables = {"orderBy": VariableSort.NAME_ASC.to_graphql()}
        nodes = await self._walk(
            "ClientReadVariables", ("variables",), variables, limit=limit, offset=0
        )
        return [Variable.from_api(node) for node in nodes]

    async def create_variable(self, variable: VariableCreate) -> Variable:
        """Create the variable; ``ApiError`` (``CONFLICT``) if its name is taken."""
        input = expect_action(variable, VariableCreate, "variable").to_graphql()
        data = await self._execute("ClientCreateVariable", {"input": input})
        return Variable.from_api(mutation_payload(data, "createVariable")["variable"])

    async def update_variable(self, variable: VariableUpdate) -> None:
        """Change the fields given of the variable named ``variable.name``."""
        input = expect_action(variable, VariableUpdate, "variable").to_graphql()
        data = await self._execute("ClientUpdateVariable", {"input": input})
        mutation_payload(data, "updateVariable")

    async def delete_variable_by_name(self, name: str) -> None:
        """Delete the variable named ``name``; ``ObjectNotFound`` if there is none."""
        data = await self._execute("DeleteVariable", {"input": {"name": name}})
        mutation_payload(data, "deleteVariable")


class SyncVariableMethods:
    """The blocking twins of :class:`VariableMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """

    read_variable_by_name = blocking(VariableMethods.read_variable_by_name)
    read_variables = blocking(VariableMethods.read_variables)
    create_variable = blocking(VariableMethods.create_variable)
    update_variable = blocking(VariableMethods.update_variable)
    delete_variable_by_name = blocking(VariableMethods.delete_variable_by_name)
