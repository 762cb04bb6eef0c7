"""Built-in blocks, as Prefect 3's ``prefect.blocks.system``: ``Secret``, ``JSON``,
``String`` and ``DateTime``, each holding one ``value``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import SecretStr

from flowql.sdk.blocks.core import Block


class Secret(Block):
    """A secret string, encrypted at rest and masked everywhere but in ``get()``.

    ``Secret(value="s3cr3t").save("api-token")`` then ``Secret.load("api-token").get()``.
    """

    _block_type_name: ClassVar[str | None] = "Secret"
    _documentation_url: ClassVar[str | None] = "https://docs.prefect.io/latest/develop/blocks"

    value: SecretStr

    def get(self) -> str:
        """The secret value, revealed."""
        return self.value.get_secret_value()


class JSON(Block):
    """Any JSON value."""

    _block_type_name: ClassVar[str | None] = "JSON"

    value: Any


class String(Block):
    """A string."""

    _block_type_name: ClassVar[str | None] = "String"

    value: str


class DateTime(Block):
    """A date and time."""

    _block_type_name: ClassVar[str | None] = "Date Time"

    value: datetime
