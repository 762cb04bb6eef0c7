"""The pydantic model of a function's parameters, built once per function.

One field per parameter: its annotation (``Any`` when there is none), its default, and
for the JSON Schema its title (the parameter name), description (from the docstring)
and ``position``. A ``*args`` parameter becomes ``tuple[T, ...]`` and ``**kwargs``
becomes ``dict[str, T]``, matching what `get_call_parameters` puts under their names.

Fields are named ``p0``, ``p1``... and carry the parameter name as alias, so any name a
Python function can have (``json``, ``model_config``, ``_private``) is a valid field
name. A parameter whose type pydantic cannot build a validator for is typed ``Any``.

pydantic is imported by the functions of this module, never at import time.
"""

from __future__ import annotations

import copy
import inspect
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowql.sdk.parameters.binding import signature_of
from flowql.sdk.parameters.docstrings import parameter_docstrings

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo

VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


@dataclass(frozen=True)
class ParametersModel:
    """A generated model and the field name of each parameter in it."""

    model: type[BaseModel]
    fields: dict[str, str]


_models: weakref.WeakKeyDictionary[Callable[..., Any], ParametersModel] = (
    weakref.WeakKeyDictionary()
)


def parameters_model(fn: Callable[..., Any]) -> ParametersModel:
    """The model validating `fn`'s parameters, cached per function object."""
    try:
        return _models[fn]
    except KeyError:
        pass
    except TypeError:  # not weak-referenceable: build every time
        return _build_model(fn)
    built = _build_model(fn)
    _models[fn] = built
    return built


def resolved_parameters(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    """`fn`'s parameters with string annotations evaluated; unresolvable ones dropped."""
    try:
        return list(inspect.signature(fn, eval_str=True).parameters.values())
    except Exception:
        pass
    namespace = getattr(inspect.unwrap(fn), "__globals__", {})
    parameters = []
    for parameter in signature_of(fn).parameters.values():
        if isinstance(parameter.annotation, str):
            try:
                annotation = eval(parameter.annotation, namespace)  # what eval_str does
            except Exception:
                annotation = inspect.Parameter.empty
            parameter = parameter.replace(annotation=annotation)
        parameters.append(parameter)
    return parameters


def field_type(parameter: inspect.Parameter) -> Any:
    """The type of `parameter`'s field: its annotation, wrapped for ``*args``/``**kwargs``."""
    annotation = Any if parameter.annotation is inspect.Parameter.empty else parameter.annotation
    if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
        return tuple[annotation, ...]  # type: ignore[valid-type]
    if parameter.kind is inspect.Parameter.VAR_KEYWORD:
        return dict[str, annotation]  # type: ignore[valid-type]
    return annotation


def field_definitions(fn: Callable[..., Any]) -> dict[str, tuple[Any, FieldInfo]]:
    """``{field name: (type, FieldInfo)}`` for every parameter of `fn`, in order."""
    from pydantic import Field

    descriptions = parameter_docstrings(inspect.getdoc(fn))
    definitions: dict[str, tuple[Any, FieldInfo]] = {}
    for position, parameter in enumerate(resolved_parameters(fn)):
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            default: Any = ()
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            default = {}
        elif parameter.default is inspect.Parameter.empty:
            default = ...
        else:
            default = parameter.default
        info = Field(
            default=default,
            alias=parameter.name,
            title=parameter.name,
            description=descriptions.get(parameter.name),
            json_schema_extra={"position": position},
        )
        definitions[f"p{position}"] = (field_type(parameter), info)
    return definitions


def create_parameters_model(
    definitions: dict[str, tuple[Any, FieldInfo]],
    usable: Callable[[type[BaseModel]], bool] = lambda model: True,
) -> type[BaseModel]:
    """A model of `definitions`, typing ``Any`` each field that breaks it.

    The whole model is tried first; only when it fails (or `usable` rejects it) is each
    field tried alone, so the common case builds a single model.
    """
    model = _try_model(definitions, usable)
    if model is not None:
        return model
    repaired: dict[str, tuple[Any, FieldInfo]] = {}
    for name, (type_, info) in definitions.items():
        if _try_model({name: (type_, info)}, usable) is None:
            type_ = Any
        repaired[name] = (type_, info)
    model = _try_model(repaired, lambda model: True)
    if model is None:  # pragma: no cover - every field is Any by now
        raise RuntimeError("could not build a parameters model")
    return model


def _try_model(
    definitions: dict[str, tuple[Any, FieldInfo]], usable: Callable[[type[BaseModel]], bool]
) -> type[BaseModel] | None:
    from pydantic import ConfigDict, create_model

    try:
        model = create_model(  # type: ignore[call-overload]
            "Parameters",
            __config__=ConfigDict(arbitrary_types_allowed=True),
            **{name: (type_, copy.copy(info)) for name, (type_, info) in definitions.items()},
        )
        if not model.__pydantic_complete__:
            model.model_rebuild(raise_errors=True)
        return model if usable(model) else None
    except Exception:
        return None


def _build_model(fn: Callable[..., Any]) -> ParametersModel:
    definitions = field_definitions(fn)
    model = create_parameters_model(definitions)
    return ParametersModel(model=model, fields=_aliases(definitions.items()))


def _aliases(items: Iterable[tuple[str, tuple[Any, FieldInfo]]]) -> dict[str, str]:
    return {str(info.alias): name for name, (_, info) in items}
