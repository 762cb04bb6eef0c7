"""Expand ``task.map(...)`` arguments into one call per element."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def expand_map_calls(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Bound parameters of each call: iterables are zipped, ``unmapped`` values repeat."""
    from flowql.exceptions import MappingLengthMismatch, MappingMissingIterable
    from flowql.sdk.futures import PrefectFuture
    from flowql.sdk.parameters import get_call_parameters
    from flowql.utilities.annotations import allow_failure, quote, unmapped

    parameters = get_call_parameters(fn, args, kwargs, apply_defaults=False)
    iterables: dict[str, list[Any]] = {}
    static: dict[str, Any] = {}
    for name, value in parameters.items():
        if isinstance(value, unmapped | quote | PrefectFuture):
            static[name] = value.unwrap() if isinstance(value, unmapped) else value
        elif isinstance(value, allow_failure):
            static[name] = value
        elif _is_iterable(value):
            iterables[name] = list(value)
        else:
            static[name] = value
    if not iterables:
        raise MappingMissingIterable(
            f"No iterable parameters were received; parameters: {sorted(parameters)}"
        )
    lengths = {len(values) for values in iterables.values()}
    if len(lengths) > 1:
        sizes = {name: len(values) for name, values in iterables.items()}
        raise MappingLengthMismatch(f"Received iterable parameters with different lengths: {sizes}")
    for index in range(lengths.pop()):
        call = {**static, **{name: values[index] for name, values in iterables.items()}}
        yield get_call_parameters(fn, (), call)


def _is_iterable(value: Any) -> bool:
    if isinstance(value, str | bytes | dict):
        return False
    try:
        iter(value)
    except TypeError:
        return False
    return True
