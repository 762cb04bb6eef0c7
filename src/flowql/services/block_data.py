"""A block document's data checked against its block schema before it is stored.

The SDK's ``Block`` validates with pydantic before it sends anything, but any
client can call ``saveBlockDocument``: the service checks the data against
the schema's JSON Schema (``jsonschema``, the draft pydantic writes), so a
wrong type or a missing field is an ``INVALID_INPUT`` naming the field
(``data.port``), never a stored document its block class cannot load.
Fields given as references to other documents are checked by reference, not
here; a masked secret (``********``) is a string like any secret. Formats are
not enforced (pydantic's ``date-time`` strings vary more than the checker's).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError
from referencing.exceptions import Unresolvable

from flowql.core.errors import InvalidInputError


def check_block_schema(slug: str, fields: Mapping[str, Any]) -> None:
    """Raise ``InvalidInputError`` if ``fields`` is not a valid JSON Schema."""
    try:
        Draft202012Validator.check_schema(dict(fields))
    except SchemaError as error:
        where = ".".join(str(part) for part in error.absolute_path) or "the schema"
        raise InvalidInputError(
            f"the schema of block type {slug!r} is not valid JSON Schema at {where}: "
            f"{error.message}",
            field=("fields", *(str(part) for part in error.absolute_path)),
        ) from None


def check_block_data(
    fields: Mapping[str, Any], data: Mapping[str, Any], referenced: Collection[str]
) -> None:
    """Raise ``InvalidInputError`` naming the first field of ``data`` that ``fields``
    (the block schema) refuses; ``referenced`` fields hold references, not data."""
    schema = _without(fields, referenced)
    try:
        errors = sorted(
            Draft202012Validator(schema).iter_errors(dict(data)),
            key=lambda error: [str(part) for part in error.absolute_path],
        )
    except (SchemaError, Unresolvable) as error:
        raise InvalidInputError(
            f"the block schema cannot check this data: {error}", field=("blockSchemaId",)
        ) from None
    if not errors:
        return
    first = errors[0]
    path = ("data", *(str(part) for part in first.absolute_path))
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where = ".".join(path[1:]) or "the data"
    raise InvalidInputError(f"{where}: {_message(first)}{more}", field=path)


def _without(fields: Mapping[str, Any], referenced: Collection[str]) -> dict[str, Any]:
    schema = copy.deepcopy(dict(fields))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for key in referenced:
            properties.pop(key, None)
    required = schema.get("required")
    if isinstance(required, list):
        schema["required"] = [key for key in required if key not in referenced]
    return schema


def _message(error: ValidationError) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    return error.message
