"""Flow and task parameters: binding a call, JSON Schema, validation, serialisation.

The counterpart of Prefect's ``prefect.utilities.callables`` and of
``Flow.validate_parameters`` / ``Flow.serialize_parameters``:

- `get_call_parameters` binds ``fn(*args, **kwargs)`` to a ``{name: value}`` mapping
  (and `parameters_to_args_kwargs` turns it back into a call);
- `parameter_schema` is the JSON Schema of the parameters (Prefect's ``ParameterSchema``);
- `validate_parameters` coerces values to the annotated types with pydantic;
- `serialize_parameters` makes values JSON-able for storing on the flow run.

Importing this package is cheap: pydantic is imported only when a function has
parameters to validate or describe, and what is built from a function (signature,
pydantic model, schema) is cached per function object.
"""

from flowql.sdk.parameters.binding import get_call_parameters, parameters_to_args_kwargs
from flowql.sdk.parameters.docstrings import parameter_docstrings
from flowql.sdk.parameters.schema import parameter_schema
from flowql.sdk.parameters.serialization import serialize_parameters
from flowql.sdk.parameters.validation import validate_parameters

__all__ = [
    "get_call_parameters",
    "parameter_docstrings",
    "parameter_schema",
    "parameters_to_args_kwargs",
    "serialize_parameters",
    "validate_parameters",
]
