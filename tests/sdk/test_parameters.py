"""flowql.sdk.parameters: binding calls, JSON Schema, validation and serialisation."""

import datetime
import enum
import math
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable
from typing import Any, Literal, Optional, Union

import pydantic
import pytest

from flowql.exceptions import (
    FlowqlException,
    ParameterBindError,
    ParameterTypeError,
    SignatureMismatchError,
)
from flowql.sdk.parameters import (
    get_call_parameters,
    parameter_docstrings,
    parameter_schema,
    parameters_to_args_kwargs,
    serialize_parameters,
    validate_parameters,
)
from flowql.sdk.parameters.schema import plain_schema, pydantic_schema


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Point(pydantic.BaseModel):
    x: int
    y: int = 0


class Shape(pydantic.BaseModel):
    name: str
    points: list[Point]


class Opaque:
    """A class pydantic knows nothing about."""

    def __repr__(self) -> str:
        return "Opaque()"


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def _props(fn: Callable[..., Any]) -> dict[str, Any]:
    properties: dict[str, Any] = parameter_schema(fn)["properties"]
    return properties


# -- get_call_parameters ------------------------------------------------------------


def test_binds_positional_keyword_and_defaults() -> None:
    def fn(a: int, b: str = "b", *, c: float = 1.5) -> None: ...

    assert get_call_parameters(fn, (1,), {}) == {"a": 1, "b": "b", "c": 1.5}
    assert get_call_parameters(fn, (1, "x"), {"c": 2.0}) == {"a": 1, "b": "x", "c": 2.0}
    assert get_call_parameters(fn, (), {"a": 1}, apply_defaults=False) == {"a": 1}


def test_variadic_parameters_get_a_tuple_and_a_dict() -> None:
    def fn(a: Any, *args: Any, k: int = 0, **kwargs: Any) -> None: ...

    assert get_call_parameters(fn, (1, 2, 3), {"k": 1, "z": 9}) == {
        "a": 1,
        "args": (2, 3),
        "k": 1,
        "kwargs": {"z": 9},
    }
    assert get_call_parameters(fn, (1,), {}) == {"a": 1, "args": (), "k": 0, "kwargs": {}}
    assert get_call_parameters(fn, (1,), {}, apply_defaults=False) == {"a": 1}


def test_positional_only_parameters() -> None:
    def fn(a: Any, /, b: Any) -> None: ...

    assert get_call_parameters(fn, (1, 2), {}) == {"a": 1, "b": 2}
    with pytest.raises(ParameterBindError, match="positional"):
        get_call_parameters(fn, (), {"a": 1, "b": 2})


def test_bind_error_names_missing_parameter_and_function() -> None:
    def my_flow(x: int, y: int = 1) -> None: ...

    with pytest.raises(ParameterBindError) as info:
        get_call_parameters(my_flow, (), {"y": 2})
    message = str(info.value)
    assert "'my_flow'" in message
    assert "missing a required argument: 'x'" in message
    assert "x: int, y: int = 1" in message
    assert isinstance(info.value, FlowqlException)


def test_bind_error_names_unexpected_parameter() -> None:
    def my_flow(x: int) -> None: ...

    with pytest.raises(ParameterBindError, match="unexpected keyword argument 'z'"):
        get_call_parameters(my_flow, (1,), {"z": 2})
    with pytest.raises(ParameterBindError, match="too many positional arguments"):
        get_call_parameters(my_flow, (1, 2), {})


def test_parameters_to_args_kwargs_round_trips() -> None:
    def fn(a: Any, /, b: Any, *args: Any, c: Any = 0, **kwargs: Any) -> None: ...

    parameters = get_call_parameters(fn, (1, 2, 3, 4), {"c": 5, "d": 6})
    assert parameters_to_args_kwargs(fn, parameters) == ((1, 2, 3, 4), {"c": 5, "d": 6})


def test_parameters_to_args_kwargs_rejects_unknown_names() -> None:
    def fn(a: Any) -> None: ...

    with pytest.raises(SignatureMismatchError, match=r"\['a'\].*\['a', 'b'\]"):
        parameters_to_args_kwargs(fn, {"a": 1, "b": 2})


# -- parameter_schema -----------------------------------------------------------------


def test_schema_shape_for_a_function_without_parameters() -> None:
    assert parameter_schema(lambda: None) == {
        "title": "Parameters",
        "type": "object",
        "properties": {},
        "required": [],
        "definitions": {},
    }


def test_schema_types_defaults_positions_and_required() -> None:
    def fn(a: int, b: str = "x", *, c: float = 1.5, d: bool = False) -> None: ...

    schema = parameter_schema(fn)
    assert schema["required"] == ["a"]
    assert schema["properties"] == {
        "a": {"title": "a", "position": 0, "type": "integer"},
        "b": {"title": "b", "position": 1, "type": "string", "default": "x"},
        "c": {"title": "c", "position": 2, "type": "number", "default": 1.5},
        "d": {"title": "d", "position": 3, "type": "boolean", "default": False},
    }
    assert list(schema["properties"]) == ["a", "b", "c", "d"]


def test_schema_enum_and_nested_models_go_to_definitions() -> None:
    def fn(color: Color = Color.BLUE, shape: Shape | None = None) -> None: ...

    schema = parameter_schema(fn)
    color = schema["properties"]["color"]
    assert color["$ref"] == "#/definitions/Color"
    assert color["default"] == "blue"
    assert schema["properties"]["shape"]["anyOf"] == [
        {"$ref": "#/definitions/Shape"},
        {"type": "null"},
    ]
    definitions = schema["definitions"]
    assert set(definitions) == {"Color", "Point", "Shape"}
    assert definitions["Color"]["enum"] == ["red", "blue"]
    assert definitions["Shape"]["properties"]["points"]["items"] == {"$ref": "#/definitions/Point"}
    assert "$defs" not in schema


def test_schema_optional_union_list_datetime_literal() -> None:
    def fn(
        a: Optional[int] = None,  # noqa: UP045 - the old spelling is what users write
        b: Union[int, str] = 1,  # noqa: UP007
        c: list[int] | None = None,
        d: datetime.datetime | None = None,
        e: Literal["x", "y"] = "x",
        f: dict[str, float] | None = None,
        g: uuid.UUID | None = None,
    ) -> None: ...

    props = _props(fn)
    assert props["a"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert props["b"]["anyOf"] == [{"type": "integer"}, {"type": "string"}]
    assert props["c"]["anyOf"][0] == {"type": "array", "items": {"type": "integer"}}
    assert props["d"]["anyOf"][0] == {"type": "string", "format": "date-time"}
    assert props["e"]["enum"] == ["x", "y"]
    assert props["f"]["anyOf"][0] == {"type": "object", "additionalProperties": {"type": "number"}}
    assert props["g"]["anyOf"][0] == {"type": "string", "format": "uuid"}


def test_schema_json_defaults_are_converted_and_others_dropped() -> None:
    def fn(
        when: datetime.date = datetime.date(2024, 1, 2),
        callback: Any = print,
        items: tuple[int, ...] = (1, 2),
    ) -> None: ...

    props = _props(fn)
    assert props["when"]["default"] == "2024-01-02"
    assert "default" not in props["callback"]
    assert props["items"]["default"] == [1, 2]


def test_schema_unannotated_parameters_have_no_type() -> None:
    def fn(a, b=3, c=None):  # type: ignore[no-untyped-def]
        ...

    schema = parameter_schema(fn)
    assert schema["properties"] == {
        "a": {"title": "a", "position": 0},
        "b": {"title": "b", "position": 1, "default": 3},
        "c": {"title": "c", "position": 2, "default": None},
    }
    assert schema["required"] == ["a"]


def test_plain_schema_matches_what_pydantic_would_build() -> None:
    def fn(a, b=1, c="s", d=None, e=2.5, f=True, *, g: Any = 0):  # type: ignore[no-untyped-def]
        """Args:
        a: the a
        g: the g
        """

    plain = plain_schema(fn)
    assert plain is not None
    assert plain == pydantic_schema(fn)


def test_plain_schema_declines_rich_signatures() -> None:
    def annotated(a: int) -> None: ...

    def variadic(*args):  # type: ignore[no-untyped-def]
        ...

    def rich_default(a=[1]):  # type: ignore[no-untyped-def]  # noqa: B006
        ...

    assert plain_schema(annotated) is None
    assert plain_schema(variadic) is None
    assert plain_schema(rich_default) is None


def test_schema_variadic_parameters_are_optional_array_and_object() -> None:
    def fn(a: int, *args: int, **kwargs: str) -> None: ...

    schema = parameter_schema(fn)
    assert schema["required"] == ["a"]
    assert schema["properties"]["args"]["type"] == "array"
    assert schema["properties"]["args"]["items"] == {"type": "integer"}
    assert schema["properties"]["kwargs"]["type"] == "object"
    assert schema["properties"]["kwargs"]["additionalProperties"] == {"type": "string"}


def test_schema_arbitrary_class_gets_a_permissive_schema() -> None:
    def fn(thing: Opaque, maybe: Opaque | None = None, n: int = 1) -> None: ...

    props = _props(fn)
    assert props["thing"] == {"title": "thing", "position": 0}
    assert props["maybe"]["anyOf"] == [{}, {"type": "null"}]
    assert props["n"]["type"] == "integer"


def test_schema_type_without_json_schema_falls_back_to_untyped() -> None:
    def fn(callback: Callable[[int], int], n: int = 1) -> None: ...

    props = _props(fn)
    assert props["callback"] == {"title": "callback", "position": 0}
    assert props["n"] == {"title": "n", "position": 1, "type": "integer", "default": 1}


def test_schema_unresolvable_annotation_falls_back_to_untyped() -> None:
    def fn(a: "NoSuchType", b: "int" = 1) -> None:  # type: ignore[name-defined]  # noqa: F821
        ...

    props = _props(fn)
    assert props["a"] == {"title": "a", "position": 0}
    assert props["b"]["type"] == "integer"


def test_schema_names_that_clash_with_pydantic() -> None:
    def fn(
        json: str, model_config: int = 1, _private: bool = False, schema: Any = None
    ) -> None: ...

    schema = parameter_schema(fn)
    assert list(schema["properties"]) == ["json", "model_config", "_private", "schema"]
    assert schema["required"] == ["json"]
    assert schema["properties"]["model_config"]["title"] == "model_config"


def test_schema_leaves_out_cls() -> None:
    def fn(cls: Any, x: int) -> None: ...

    schema = parameter_schema(fn)
    assert list(schema["properties"]) == ["x"]
    assert schema["properties"]["x"]["position"] == 1


def test_schema_is_a_copy() -> None:
    def fn(a: list[int] = [1]) -> None:  # noqa: B006
        ...

    parameter_schema(fn)["properties"]["a"]["default"].append(2)
    assert parameter_schema(fn)["properties"]["a"]["default"] == [1]


# -- docstring descriptions -----------------------------------------------------------


def test_schema_descriptions_google_style() -> None:
    def fn(a: int, b: str = "", *args: Any, **kwargs: Any) -> None:
        """Do something.

        Args:
            a: The first number,
                spanning two lines.
            b (str, optional): The label.
            *args: Extra values.
            **kwargs: Extra options.

        Returns:
            Nothing: really.
        """

    props = _props(fn)
    assert props["a"]["description"] == "The first number,\nspanning two lines."
    assert props["b"]["description"] == "The label."
    assert props["args"]["description"] == "Extra values."
    assert props["kwargs"]["description"] == "Extra options."


def test_schema_descriptions_numpy_style() -> None:
    def fn(a: int, b: str = "", c: int = 0) -> None:
        """Do something.

        Parameters
        ----------
        a : int
            The first number,
            on two lines.
        b, c : str
            Shared description.

        Returns
        -------
        None
            nothing : really
        """

    props = _props(fn)
    assert props["a"]["description"] == "The first number,\non two lines."
    assert props["b"]["description"] == "Shared description."
    assert props["c"]["description"] == "Shared description."


def test_schema_descriptions_sphinx_style() -> None:
    def fn(a: int, b: str = "", c: int = 0) -> None:
        """Do something.

        :param a: The first number,
            on two lines.
        :param str b: The label.
        :type b: str
        :returns: nothing
        """

    props = _props(fn)
    assert props["a"]["description"] == "The first number,\non two lines."
    assert props["b"]["description"] == "The label."
    assert "description" not in props["c"]


def test_parameter_docstrings_edge_cases() -> None:
    assert parameter_docstrings(None) == {}
    assert parameter_docstrings("Just a summary.") == {}
    google = "Summary.\n\nArgs:\n    x (dict[str, tuple(int)]): mapping\n\nNotes:\n    y: no\n"
    assert parameter_docstrings(google) == {"x": "mapping"}


# -- validate_parameters --------------------------------------------------------------


def test_validate_coerces_like_prefect() -> None:
    def fn(
        n: int,
        ratio: float,
        flag: bool,
        when: datetime.datetime,
        color: Color,
        numbers: list[int],
        point: Point,
        maybe: Optional[int] = None,  # noqa: UP045
    ) -> None: ...

    validated = validate_parameters(
        fn,
        {
            "n": "1",
            "ratio": "0.5",
            "flag": "true",
            "when": "2024-05-06T07:08:09+00:00",
            "color": "red",
            "numbers": ["1", 2],
            "point": {"x": "3"},
            "maybe": None,
        },
    )
    assert validated == {
        "n": 1,
        "ratio": 0.5,
        "flag": True,
        "when": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC),
        "color": Color.RED,
        "numbers": [1, 2],
        "point": Point(x=3, y=0),
        "maybe": None,
    }
    assert isinstance(validated["point"], Point)


def test_validate_returns_only_the_given_parameters_in_order() -> None:
    def fn(a: int, b: int = 2, c: int = 3) -> None: ...

    validated = validate_parameters(fn, {"c": "30", "a": "10"})
    assert validated == {"c": 30, "a": 10}
    assert list(validated) == ["c", "a"]


def test_validate_variadic_parameters() -> None:
    def fn(*args: int, **kwargs: float) -> None: ...

    validated = validate_parameters(fn, {"args": ["1", "2"], "kwargs": {"x": "1.5"}})
    assert validated == {"args": (1, 2), "kwargs": {"x": 1.5}}


def test_validate_passes_unannotated_and_any_through_untouched() -> None:
    marker = object()
    data = {"nested": [1]}

    def fn(a, b: Any, c=None):  # type: ignore[no-untyped-def]
        ...

    validated = validate_parameters(fn, {"a": marker, "b": data, "c": "1"})
    assert validated["a"] is marker
    assert validated["b"] is data
    assert validated["c"] == "1"


def test_validate_mixed_keeps_untyped_values_identical() -> None:
    data = {"nested": [1]}

    def fn(a: int, b: Any) -> None: ...

    validated = validate_parameters(fn, {"a": "1", "b": data})
    assert validated == {"a": 1, "b": data}
    assert validated["b"] is data


def test_validate_arbitrary_classes_are_checked_by_isinstance() -> None:
    def fn(thing: Opaque) -> None: ...

    thing = Opaque()
    assert validate_parameters(fn, {"thing": thing})["thing"] is thing
    with pytest.raises(ParameterTypeError, match="thing: Input should be an instance of Opaque"):
        validate_parameters(fn, {"thing": 1})


def test_validate_unresolvable_annotation_passes_through() -> None:
    def fn(a: "NoSuchType") -> None:  # type: ignore[name-defined]  # noqa: F821
        ...

    assert validate_parameters(fn, {"a": "anything"}) == {"a": "anything"}


def test_validate_error_names_each_invalid_parameter() -> None:
    def fn(x: int, y: list[int], point: Point, ok: str = "") -> None: ...

    with pytest.raises(ParameterTypeError) as info:
        validate_parameters(fn, {"x": "one", "y": [1, "two"], "point": {"y": 1}, "ok": "fine"})
    assert str(info.value) == (
        "Flow run received invalid parameters:\n"
        " - x: Input should be a valid integer, unable to parse string as an integer\n"
        " - y.1: Input should be a valid integer, unable to parse string as an integer\n"
        " - point.x: Field required"
    )
    assert isinstance(info.value, FlowqlException)
    assert info.value.__cause__ is None


def test_validate_missing_required_parameter() -> None:
    def fn(a, b=1):  # type: ignore[no-untyped-def]
        ...

    with pytest.raises(ParameterTypeError, match=r" - a: Field required"):
        validate_parameters(fn, {"b": 2})


def test_validate_unknown_parameter() -> None:
    def fn(a: int) -> None: ...

    with pytest.raises(SignatureMismatchError, match="'b'"):
        validate_parameters(fn, {"a": 1, "b": 2})


def test_validate_names_that_clash_with_pydantic() -> None:
    def fn(json: int, model_config: int, _private: int, copy: int) -> None: ...

    parameters = {"json": "1", "model_config": "2", "_private": "3", "copy": "4"}
    assert validate_parameters(fn, parameters) == {
        "json": 1,
        "model_config": 2,
        "_private": 3,
        "copy": 4,
    }
    with pytest.raises(ParameterTypeError, match=" - _private: Input should be a valid integer"):
        validate_parameters(fn, {**parameters, "_private": "x"})


def test_validate_empty_parameters() -> None:
    assert validate_parameters(lambda: None, {}) == {}


def test_validate_does_not_mutate_its_input() -> None:
    def fn(a: int) -> None: ...

    parameters = {"a": "1"}
    validate_parameters(fn, parameters)
    assert parameters == {"a": "1"}


# -- caching --------------------------------------------------------------------------


def _make(annotation: Any) -> Callable[..., None]:
    def job(value: annotation = None) -> None:  # type: ignore[valid-type]
        """Args:
        value: a value
        """

    return job


def test_cache_is_per_function_not_per_name() -> None:
    as_int, as_str = _make(int), _make(str)
    assert as_int.__qualname__ == as_str.__qualname__

    assert validate_parameters(as_int, {"value": "1"}) == {"value": 1}
    assert validate_parameters(as_str, {"value": "1"}) == {"value": "1"}
    assert validate_parameters(as_int, {"value": "2"}) == {"value": 2}
    with pytest.raises(ParameterTypeError):
        validate_parameters(as_str, {"value": 1})

    assert _props(as_int)["value"]["type"] == "integer"
    assert _props(as_str)["value"]["type"] == "string"
    assert _props(as_int)["value"]["type"] == "integer"


def test_same_code_redefined_gets_its_own_entries() -> None:
    for annotation, expected in ((int, 5), (float, 5.0), (str, "5")):
        fn = _make(annotation)
        assert validate_parameters(fn, {"value": "5"}) == {"value": expected}


# -- serialize_parameters -------------------------------------------------------------


def test_serialize_keeps_plain_json() -> None:
    parameters = {"a": 1, "b": "s", "c": [1, {"d": None}], "e": True, "f": 1.5}
    serialized = serialize_parameters(parameters)
    assert serialized == parameters
    serialized["c"].append(2)
    assert parameters["c"] == [1, {"d": None}]


def test_serialize_converts_rich_values() -> None:
    serialized = serialize_parameters(
        {
            "point": Point(x=1),
            "when": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            "color": Color.RED,
            "ids": (uuid.UUID(int=1),),
            "nested": {"tuple": (1, 2), "set": {3}},
            "keys": {1: "one"},
        }
    )
    assert serialized == {
        "point": {"x": 1, "y": 0},
        "when": "2024-01-02T03:04:05Z",
        "color": "red",
        "ids": ["00000000-0000-0000-0000-000000000001"],
        "nested": {"tuple": [1, 2], "set": [3]},
        "keys": {"1": "one"},
    }


def test_serialize_unserialisable_values_become_repr_in_place() -> None:
    serialized = serialize_parameters(
        {"thing": Opaque(), "items": [1, Opaque(), {"deep": Opaque()}], "bad": BadRepr()}
    )
    assert serialized == {
        "thing": "Opaque()",
        "items": [1, "Opaque()", {"deep": "Opaque()"}],
        "bad": "<BadRepr>",
    }


def test_serialize_never_raises() -> None:
    serialized = serialize_parameters(
        {"bytes": b"\xff\xfe", "nan": math.nan, "mixed": [b"\xff", 1], "gen": (i for i in [])}
    )
    assert serialized["bytes"] == "b'\\xff\\xfe'"
    assert math.isnan(serialized["nan"])
    assert serialized["mixed"] == ["b'\\xff'", 1]
    assert isinstance(serialized["gen"], str | list)


# -- import cost ----------------------------------------------------------------------


def test_plain_flows_never_import_pydantic() -> None:
    script = textwrap.dedent(
        """
        import sys
        from flowql.sdk.parameters import (
            get_call_parameters, parameter_schema, serialize_parameters, validate_parameters,
        )

        def hello(name="world", times=1, *args, **kwargs):
            '''Say hello.

            Args:
                name: who to greet
            '''

        def trivial():
            pass

        parameters = get_call_parameters(hello, ("you",), {"loud": True})
        assert validate_parameters(hello, parameters) == parameters
        assert serialize_parameters(parameters) == {
            "name": "you", "times": 1, "args": [], "kwargs": {"loud": True}
        }
        assert parameter_schema(trivial)["properties"] == {}
        assert validate_parameters(trivial, {}) == {}

        def plain(name="world", times=1):
            pass

        assert parameter_schema(plain)["required"] == []
        assert serialize_parameters({"name": "x", "n": [1, 2]}) == {"name": "x", "n": [1, 2]}
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
