"""``Block``: typed, named configuration saved in flowql, as Prefect 3's ``prefect.blocks.core``.

A block is a pydantic model. ``save(name)`` registers its block type (slug:
``_block_type_slug``, or the slug of ``_block_type_name``, or of the class
name) and its block schema (the model's JSON Schema plus ``secret_fields`` and
``block_schema_references``, registered once per checksum), then stores its
fields as a block document; ``load(name)`` reads it back. Fields of type
``SecretStr``, ``SecretBytes`` or ``SecretDict`` are encrypted at rest and
shown masked everywhere but in ``load``. A field holding another block is
saved as that block's own document (anonymous unless it was saved by name)
and referred to, at any depth (a block holding a block holding a block); each
document's secrets are masked by its own schema.

A field holds a block or a secret directly (``Credentials``, ``Credentials |
None``, a union of blocks), never inside a container: ``list[Credentials]``,
``dict[str, SecretStr]`` and the like raise ``TypeError`` when the class is
defined, as their secrets could not be stored (use ``SecretDict`` for a dict
of secrets). Embedded mode calls the services in-process; remote mode
(``FLOWQL_API_URL``) sends the same GraphQL operations to the server.
"""

from __future__ import annotations

import re
import types
import uuid
from typing import Any, ClassVar, Self, Union, get_args, get_origin

from pydantic import BaseModel, PrivateAttr, Secret, SecretBytes, SecretStr
from pydantic_core import to_jsonable_python

from flowql.core.blocks import schema_checksum, slugify
from flowql.sdk.client import local_blocks
from flowql.sdk.client.errors import ApiError
from flowql.sdk.dispatch import async_dispatch


class SecretDict(Secret[dict[str, Any]]):
    """A dict whose every value is secret (Prefect's ``SecretDict``)."""


class Block(BaseModel):
    """Base class of blocks: subclass it, declare fields, ``save`` and ``load``."""

    _block_type_name: ClassVar[str | None] = None
    _block_type_slug: ClassVar[str | None] = None
    _logo_url: ClassVar[str | None] = None
    _documentation_url: ClassVar[str | None] = None
    _description: ClassVar[str | None] = None
    _code_example: ClassVar[str | None] = None
    _block_schema_capabilities: ClassVar[list[str]] = []
    _block_schema_version: ClassVar[str | None] = None

    _block_document_id: uuid.UUID | None = PrivateAttr(default=None)
    _block_document_name: str | None = PrivateAttr(default=None)
    _is_anonymous: bool = PrivateAttr(default=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for name, info in cls.model_fields.items():
            if (problem := _unsupported_shape(info.annotation)) is not None:
                raise TypeError(
                    f"{cls.__name__}.{name}: {problem}; a block field may hold a block or a "
                    "secret only directly (X, X | None, a union of blocks), so that it can be "
                    "saved as a reference or encrypted (use SecretDict for a dict of secrets)"
                )

    @classmethod
    def get_block_type_name(cls) -> str:
        """The block type's display name: ``_block_type_name`` or the class name."""
        return cls._block_type_name or cls.__name__

    @classmethod
    def get_block_type_slug(cls) -> str:
        """The block type's slug: ``_block_type_slug`` or the slug of its name."""
        return cls._block_type_slug or slugify(cls.get_block_type_name())

    @classmethod
    def get_block_capabilities(cls) -> list[str]:
        """The capabilities of this block and of the blocks it extends."""
        found: set[str] = set()
        for klass in cls.__mro__:
            found.update(getattr(klass, "_block_schema_capabilities", None) or [])
        return sorted(found)

    @classmethod
    def secret_fields(cls) -> list[str]:
        """Dotted paths of the secret fields, nested blocks' included (``x.*``: all
        the values of the ``SecretDict`` ``x``)."""
        paths: list[str] = []
        for name, info in cls.model_fields.items():
            for kind in _types_in(info.annotation):
                if issubclass(kind, SecretDict):
                    paths.append(f"{name}.*")
                elif issubclass(kind, SecretStr | SecretBytes | Secret):
                    paths.append(name)
                elif issubclass(kind, Block):
                    paths.extend(f"{name}.{path}" for path in kind.secret_fields())
        return list(dict.fromkeys(paths))

    @classmethod
    def block_schema_references(cls) -> dict[str, Any]:
        """The fields holding blocks: ``{field: {block_type_slug, block_schema_checksum}}``."""
        references: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            nested = [kind for kind in _types_in(info.annotation) if issubclass(kind, Block)]
            described = [
                {
                    "block_type_slug": kind.get_block_type_slug(),
                    "block_schema_checksum": schema_checksum(kind.block_schema_fields()),
                }
                for kind in nested
            ]
            if described:
                references[name] = described[0] if len(described) == 1 else described
        return references

    @classmethod
    def block_schema_fields(cls) -> dict[str, Any]:
        """The block schema: ``model_json_schema()`` plus ``block_type_slug``,
        ``secret_fields`` and ``block_schema_references``."""
        fields = cls.model_json_schema()
        fields["block_type_slug"] = cls.get_block_type_slug()
        fields["secret_fields"] = cls.secret_fields()
        fields["block_schema_references"] = cls.block_schema_references()
        return fields

    async def asave(self, name: str | None = None, overwrite: bool = False) -> uuid.UUID:
        """Save this block as document ``name`` (None: anonymous) and return its id. A
        name in use raises ``ValueError`` unless ``overwrite=True``."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        return await runtime.loop.run_async(self._save(runtime.api, name, overwrite))

    @async_dispatch(asave)
    def save(self, name: str | None = None, overwrite: bool = False) -> uuid.UUID:
        """Save this block as document ``name`` (None: anonymous) and return its id. A
        name in use raises ``ValueError`` unless ``overwrite=True``."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        result: uuid.UUID = runtime.call(self._save(runtime.api, name, overwrite))
        return result

    @classmethod
    async def aregister_type_and_schema(cls) -> None:
        """Register this block's type and schema (and those of the blocks it holds)."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        await runtime.loop.run_async(register_block_class(cls, runtime.api))

    @classmethod
    @async_dispatch(aregister_type_and_schema)
    def register_type_and_schema(cls) -> None:
        """Register this block's type and schema (and those of the blocks it holds)."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        runtime.call(register_block_class(cls, runtime.api))

    @classmethod
    async def aload(cls, name: str) -> Self:
        """The block saved as ``name`` (or ``"<block-type-slug>/<name>"``)."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        loaded: Self = await runtime.loop.run_async(cls._load(runtime.api, name))
        return loaded

    @classmethod
    @async_dispatch(aload)
    def load(cls, name: str) -> Self:
        """The block saved as ``name`` (or ``"<block-type-slug>/<name>"``)."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        loaded: Self = runtime.call(cls._load(runtime.api, name))
        return loaded

    async def _save(self, api: Any, name: str | None, overwrite: bool) -> uuid.UUID:
        self._check_savable()
        registered = await register_block_class(type(self), api, nested=False)
        data = await self._data_to_save(api)
        saved = await _refused_as_value_error(
            local_blocks.save_block_document(
                api,
                name=name,
                block_schema_id=registered["blockSchemaId"],
                data=data,
                overwrite=overwrite,
            )
        )
        self._block_document_id = uuid.UUID(saved["id"])
        self._block_document_name = saved["name"]
        self._is_anonymous = bool(saved["isAnonymous"])
        return self._block_document_id

    def _check_savable(self) -> None:
        """Refuse, before anything is saved, a block or secret that could not be stored
        (held inside a container, or by a field not declared to hold one)."""
        for field, info in type(self).model_fields.items():
            value = getattr(self, field)
            declared = _types_in(info.annotation)
            if isinstance(value, Block):
                value._check_savable()
            if isinstance(value, _HELD_APART):
                if any(issubclass(kind, _HELD_APART) for kind in declared):
                    continue
                problem = f"holds {type(value).__name__} but is not declared to hold it"
            elif (held := _held_inside(value)) is not None:
                problem = f"holds {held.__name__} inside a {type(value).__name__}"
            else:
                continue
            raise TypeError(
                f"{type(self).__name__}.{field} {problem}, so it cannot be saved: a block "
                "field may hold a block or a secret only directly, declared as such"
            )

    async def _data_to_save(self, api: Any) -> dict[str, Any]:
        """Field values as JSON with secrets revealed and nested blocks as references."""
        data: dict[str, Any] = self.model_dump(mode="json")
        for field in type(self).model_fields:
            value = getattr(self, field)
            if isinstance(value, Block):
                if value._block_document_id is None or value._is_anonymous:
                    await value._save(api, None, False)
                data[field] = {"$ref": {"block_document_id": str(value._block_document_id)}}
            else:
                data[field] = _revealed(value, data[field])
        return data

    @classmethod
    async def _load(cls, api: Any, name: str) -> Self:
        slug, _, document_name = name.rpartition("/")
        block_cls: type[Block] = cls
        if (slug and slug != cls.get_block_type_slug()) or (not slug and cls is Block):
            block_cls = _block_class(cls, slug)
        found = await _refused_as_value_error(
            local_blocks.read_block_document(
                api,
                block_type_slug=block_cls.get_block_type_slug(),
                name=document_name,
                include_secrets=True,
            )
        )
        if found is None:
            raise ValueError(
                f"no block document named {document_name!r} of block type "
                f"{block_cls.get_block_type_slug()!r}"
            )
        block = block_cls.model_validate(found["data"])
        block._block_document_id = uuid.UUID(found["id"])
        block._block_document_name = found["name"]
        block._is_anonymous = bool(found["isAnonymous"])
        if not isinstance(block, cls):
            raise ValueError(f"block {name!r} is a {block_cls.__name__}, not a {cls.__name__}")
        return block


async def register_block_class(
    cls: type[Block], api: Any, *, nested: bool = True
) -> dict[str, Any]:
    """Register the block type and schema of ``cls`` through ``api`` (anything with a
    ``transport``), first those of the blocks it holds if ``nested``;
    ``{blockTypeId, blockSchemaId, checksum}``."""
    if nested:
        for info in cls.model_fields.values():
            for kind in _types_in(info.annotation):
                if issubclass(kind, Block):
                    await register_block_class(kind, api)
    registered: dict[str, Any] = await _refused_as_value_error(
        local_blocks.register_block_type(
            api,
            slug=cls.get_block_type_slug(),
            name=cls.get_block_type_name(),
            fields=cls.block_schema_fields(),
            description=cls._description or _first_paragraph(cls.__doc__),
            logo_url=cls._logo_url,
            documentation_url=cls._documentation_url,
            code_example=cls._code_example,
            capabilities=cls.get_block_capabilities(),
            version=cls._block_schema_version,
        )
    )
    return registered


def _revealed(value: Any, dumped: Any) -> Any:
    if isinstance(value, SecretBytes):
        return value.get_secret_value().decode()
    if isinstance(value, SecretStr | Secret):
        return to_jsonable_python(value.get_secret_value())
    return dumped


def _types_in(annotation: Any) -> list[type]:
    """The classes in ``annotation`` (``X | None`` and ``Optional[X]`` unwrapped)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return [kind for arg in get_args(annotation) for kind in _types_in(arg)]
    return [annotation] if isinstance(annotation, type) else []


_HELD_APART = (Block, SecretStr, SecretBytes, Secret)
"""What a field must hold directly: blocks become references, secrets are encrypted."""


def _unsupported_shape(annotation: Any, inside: Any = None) -> str | None:
    """Why ``annotation`` holds a block or secret where it cannot be saved, or None."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return next(
            filter(None, (_unsupported_shape(a, inside) for a in get_args(annotation))), None
        )
    if isinstance(annotation, type) and issubclass(annotation, _HELD_APART):
        if inside is None:
            return None
        return f"{annotation.__name__} inside {_shown(inside)} is not supported"
    if origin is not None:
        held = [_unsupported_shape(a, inside or annotation) for a in get_args(annotation)]
        return next(filter(None, held), None)
    return None


def _shown(annotation: Any) -> str:
    return re.sub(r"\b(?:\w+\.)+(\w+)", r"\1", str(annotation))


def _held_inside(value: Any) -> type | None:
    """The class of a block or secret found inside the container ``value``, or None."""
    items = value.values() if isinstance(value, dict) else value
    if not isinstance(value, dict | list | tuple | set | frozenset):
        return None
    for item in items:
        if isinstance(item, _HELD_APART):
            return type(item)
        if (found := _held_inside(item)) is not None:
            return found
    return None


def _block_class(base: type[Block], slug: str) -> type[Block]:
    """The subclass of ``base`` (or ``base``) whose block type is ``slug``."""
    if not slug:
        raise ValueError(f"load blocks from {base.__name__} by '<block-type-slug>/<name>'")
    pending: list[type[Block]] = [base]
    while pending:
        klass = pending.pop()
        if klass.get_block_type_slug() == slug:
            return klass
        pending.extend(klass.__subclasses__())
    raise ValueError(f"no block class of block type {slug!r} is imported")


def _first_paragraph(doc: str | None) -> str | None:
    return None if not doc else doc.strip().split("\n\n")[0]


async def _refused_as_value_error(call: Any) -> Any:
    """A name in use or a value refused is the caller's ValueError, as in Prefect."""
    try:
        return await call
    except ApiError as error:
        codes = {detail.get("code") for detail in error.errors}
        if codes & {"CONFLICT", "INVALID_INPUT", "NOT_FOUND"}:
            raise ValueError("; ".join(str(d.get("message")) for d in error.errors)) from None
        raise
