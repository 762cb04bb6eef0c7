"""Result serializers, as ``prefect.serializers``: ``PickleSerializer`` ("pickle",
the default, cloudpickle) and ``JSONSerializer`` ("json"). Subclass
``Serializer`` (with a ``type`` name) for your own; the implementation lives in
:mod:`flowql.sdk.results.serializers`."""

from flowql.sdk.results.serializers import (
    JSONSerializer,
    PickleSerializer,
    SerializationError,
    Serializer,
    resolve_serializer,
)

__all__ = [
    "JSONSerializer",
    "PickleSerializer",
    "SerializationError",
    "Serializer",
    "resolve_serializer",
]
