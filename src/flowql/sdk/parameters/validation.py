"""Validate and coerce a flow run's parameters against the flow function's annotations.

As Prefect's ``Flow.validate_parameters``: pydantic in lax mode ("1" becomes 1, a dict
becomes a model instance, an ISO string a datetime), arbitrary classes checked with
``isinstance``, unannotated and ``Any`` parameters passed through untouched. Only the
parameters given are returned; defaults are not added. When no given parameter needs
validating, pydantic is not imported at all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from flowql.sdk.parameters.binding import signature_of
from flowql.sdk.parameters.model import parameters_model


def validate_parameters(fn: Callable[..., Any], parameters: dict[str, Any]) -> dict[str, Any]:
    """Return `parameters` cast to the types `fn` annotates them with.

    Raises:
        SignatureMismatchError: a parameter is not in `fn`'s signature.
        ParameterTypeError: a required parameter is missing or a value is invalid; the
            message has one line per problem, naming the parameter and the reason.
    """
    signature = signature_of(fn)
    if any(name not in signature.parameters for name in parameters):
        from flowql.exceptions import SignatureMismatchError

        expected = list(signature.parameters)
        raise SignatureMismatchError.from_bad_params(expected, list(parameters))
    if _passes_through(signature, parameters):
        return dict(parameters)

    from pydantic import ValidationError

    built = parameters_model(fn)
    try:
        instance = built.model.model_validate(parameters)
    except ValidationError as exc:
        from flowql.exceptions import ParameterTypeError

        raise ParameterTypeError.from_validation_error(exc) from None
    return {name: getattr(instance, built.fields[name]) for name in parameters}


def _passes_through(signature: inspect.Signature, parameters: Mapping[str, Any]) -> bool:
    """Whether validation would return `parameters` unchanged (nothing is annotated)."""
    for name, parameter in signature.parameters.items():
        if name not in parameters:
            if parameter.default is inspect.Parameter.empty and parameter.kind not in (
                inspect.Parameter.VAR_POSITIONAL,
                inspect.Parameter.VAR_KEYWORD,
            ):
                return False  # missing: let pydantic report it
            continue
        if parameter.annotation is not inspect.Parameter.empty and parameter.annotation is not Any:
            return False
        value = parameters[name]
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL and type(value) is not tuple:
            return False
        if parameter.kind is inspect.Parameter.VAR_KEYWORD and type(value) is not dict:
            return False
    return True
