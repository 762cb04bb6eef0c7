"""flowql.utilities.annotations behaves as prefect.utilities.annotations."""

from __future__ import annotations

import pytest

from flowql.utilities.annotations import (
    BaseAnnotation,
    NotSet,
    Quote,
    allow_failure,
    freeze,
    quote,
    unmapped,
)


@pytest.mark.parametrize("annotation", [unmapped, allow_failure, quote, freeze])
def test_unwrap_rewrap_and_value(annotation: type[BaseAnnotation[object]]) -> None:
    wrapped = annotation([1, 2])

    assert isinstance(wrapped, BaseAnnotation)
    assert isinstance(wrapped, tuple)
    assert wrapped.unwrap() == [1, 2]
    assert wrapped.value == [1, 2]
    rewrapped = wrapped.rewrap("other")
    assert type(rewrapped) is annotation
    assert rewrapped.unwrap() == "other"
    assert repr(wrapped) == f"{annotation.__name__}([1, 2])"


def test_equality_needs_the_same_annotation() -> None:
    assert unmapped(1) == unmapped(1)
    assert unmapped(1) != unmapped(2)
    assert unmapped(1) != quote(1)
    assert unmapped(1) != (1,)
    assert hash(quote("a")) == hash(quote("a"))


def test_unmapped_is_an_endless_sequence_of_its_value() -> None:
    wrapped = unmapped("x")

    assert wrapped[0] == wrapped[5] == wrapped[1000] == "x"  # type: ignore[misc]
    assert len(wrapped) == 1


def test_unpacking() -> None:
    (value,) = allow_failure(3)

    assert value == 3


def test_quote_unquote_and_deprecated_quote() -> None:
    assert quote({"a": 1}).unquote() == {"a": 1}
    with pytest.warns(DeprecationWarning, match="Use `quote` instead"):
        old = Quote(5)
    assert isinstance(old, quote)
    assert old.unquote() == 5


def test_freeze_needs_json() -> None:
    assert freeze({"a": [1]}).unfreeze() == {"a": [1]}
    with pytest.raises(ValueError, match="JSON serializable"):
        freeze(object())


def test_not_set_is_a_sentinel_class() -> None:
    assert NotSet is not None
    assert isinstance(NotSet, type)
