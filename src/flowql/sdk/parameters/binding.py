"""Bind a call to a function's signature, and turn the bound parameters back into a call.

Standard library only, so that calling a flow without parameters to validate never
imports pydantic. The signature of each function is cached by `signature_of`.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any

_signatures: weakref.WeakKeyDictionary[Callable[..., Any], inspect.Signature] = (
    weakref.WeakKeyDictionary()
)


def signature_of(fn: Callable[..., Any]) -> inspect.Signature:
    """The (unevaluated) signature of `fn`, cached per function object."""
    try:
        return _signatures[fn]
    except KeyError:
        pass
    except TypeError:  # not weak-referenceable (e.g. a builtin): do not cache
        return inspect.signature(fn)
    signature = inspect.signature(fn)
    _signatures[fn] = signature
    return signature


def get_call_parameters(
    fn: Callable[..., Any],
    call_args: tuple[Any, ...],
    call_kwargs: dict[str, Any],
    apply_defaults: bool = True,
) -> dict[str, Any]:
    """Bind a call of `fn` to its signature and return a parameter name -> value mapping.

    As in Prefect, a ``*args`` parameter receives a tuple and a ``**kwargs`` parameter a
    dict, each under its own name. With `apply_defaults`, parameters the call left out
    get their default value (and ``()`` / ``{}`` for the variadic ones).

    Raises:
        ParameterBindError: the call does not fit the signature; the message names the
            function, the problem (missing or unexpected parameter) and what was received.
    """
    signature = signature_of(fn)
    try:
        bound = signature.bind(*call_args, **call_kwargs)
    except TypeError as exc:
        from flowql.exceptions import ParameterBindError

        raise ParameterBindError.from_bind_failure(fn, exc, call_args, call_kwargs) from exc
    if apply_defaults:
        bound.apply_defaults()
    return dict(bound.arguments)


_PLAIN_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _keywords_only_suffice(signature: inspect.Signature) -> bool:
    """Every parameter can be passed by name (no positional-only, no ``*args``/``**kwargs``)."""
    return all(parameter.kind in _PLAIN_KINDS for parameter in signature.parameters.values())


def parameters_to_args_kwargs(
    fn: Callable[..., Any], parameters: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Turn a mapping from `get_call_parameters` back into ``(args, kwargs)`` for `fn`.

    Positional-only parameters and ``*args`` go into `args`; the items of a ``**kwargs``
    parameter are spread into `kwargs`.

    Raises:
        SignatureMismatchError: `parameters` holds a name that is not in the signature.
    """
    signature = signature_of(fn)
    unknown = [name for name in parameters if name not in signature.parameters]
    if unknown:
        from flowql.exceptions import SignatureMismatchError

        raise SignatureMismatchError.from_bad_params(list(signature.parameters), list(parameters))
    if _keywords_only_suffice(signature):  # most functions: skip BoundArguments
        return (), dict(parameters)
    bound = signature.bind_partial()
    bound.arguments = {
        name: parameters[name] for name in signature.parameters if name in parameters
    }
    return bound.args, bound.kwargs
