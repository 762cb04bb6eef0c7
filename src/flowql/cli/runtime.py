"""What every command needs: the settings (with readable errors) and an event loop."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Coroutine
from typing import Any, TypeVar

from pydantic import ValidationError

from flowql.cli.errors import CliError
from flowql.settings import Settings, settings_file_path

T = TypeVar("T")


def _describe(error: ValidationError) -> str:
    problems = (
        f"{'.'.join(map(str, problem['loc'])) or 'settings'}: {problem['msg']}"
        for problem in error.errors()
    )
    return "; ".join(problems)


def load_settings() -> Settings:
    """Settings from the environment, settings.toml and defaults; bad values are user errors."""
    try:
        return Settings()
    except ValidationError as error:
        raise CliError(f"invalid settings: {_describe(error)}") from None
    except tomllib.TOMLDecodeError as error:
        raise CliError(f"cannot read {settings_file_path()}: {error}") from None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine to completion on a fresh event loop."""
    return asyncio.run(coroutine)
