"""Settings from the environment (prefix ``FLOWQL_``), a TOML file, and defaults.

Shared by the server, the CLI and the SDK, so it lives at the package root.
Precedence: environment variable > ``$FLOWQL_HOME/settings.toml`` > default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ENV_PREFIX = "FLOWQL_"
SETTINGS_FILE_NAME = "settings.toml"


def _default_home() -> Path:
    return Path(os.environ.get(f"{ENV_PREFIX}HOME", "~/.flowql")).expanduser()


class Settings(BaseSettings):
    """Effective flowql settings."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    home: Path = Field(default_factory=_default_home, description="Where flowql keeps its data.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in home."
    )
    api_url: str | None = Field(
        default=None, description="GraphQL endpoint of a server; unset: embedded mode."
    )
    api_key: SecretStr | None = Field(default=None, description="Bearer token for the API.")
    broadcast_url: str = Field(default="memory://", description="Pub/sub broker URL.")
    server_host: str = Field(default="127.0.0.1", description="Address the server binds.")
    server_port: int = Field(default=4200, ge=1, le=65535, description="Port the server binds.")
    server_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Server processes sharing the port (uvicorn workers). On SQLite they "
        "see each other's writes within ~20 ms; on PostgreSQL give them a broker "
        "(FLOWQL_BROADCAST_URL) or they wait up to subscription_poll_seconds.",
    )
    ui_dist: Path | None = Field(
        default=None,
        description="The web UI's build the server serves at / (default: ui/dist of the "
        "checkout flowql runs from).",
    )
    logging_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Log level of flowql's own loggers."
    )
    database_echo: bool = Field(default=False, description="Log every SQL statement.")
    retention_days: float = Field(
        default=7.0,
        gt=0,
        description="Events and log records older than this are deleted by the server.",
    )
    subscription_poll_seconds: float = Field(
        default=0.5,
        gt=0,
        description="How often the server checks the database for writes no wake-up "
        "announced (scripts in embedded mode) and wakes its subscriptions.",
    )
    gc_tuning: bool = Field(
        default=True,
        description="While flow runs are active, collect garbage less often "
        "(see flowql.sdk.engine.gc_tuning); false leaves Python's collector alone.",
    )
    results_persist_by_default: bool = Field(
        default=False,
        description="Persist task and flow results when neither they nor their flow say "
        "(Prefect's PREFECT_RESULTS_PERSIST_BY_DEFAULT); a cache policy always persists.",
    )
    local_storage_path: Path | None = Field(
        default=None, description="Where persisted results are written; default: home/storage."
    )
    tasks_refresh_cache: bool = Field(
        default=False,
        description="Recompute cached tasks and overwrite their cache entries "
        "(Prefect's PREFECT_TASKS_REFRESH_CACHE), unless a task sets refresh_cache.",
    )
    retention_interval_seconds: float = Field(
        default=300.0, gt=0, description="How often the server deletes what is too old."
    )
    encryption_key: SecretStr | None = Field(
        default=None,
        description="Fernet key that encrypts block secrets at rest; "
        "unset: a key file created in home (encryption.key, mode 0600).",
    )

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def effective_storage_path(self) -> Path:
        """The directory persisted results go to by default."""
        return (self.local_storage_path or self.home / "storage").expanduser()

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.home / 'flowql.db'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=settings_file_path())
        return (init_settings, env_settings, toml)


def settings_file_path() -> Path:
    return _default_home() / SETTINGS_FILE_NAME


@dataclass(frozen=True)
class SettingSource:
    name: str
    value: Any
    source: str


def describe_sources(settings: Settings) -> list[SettingSource]:
    """Each setting with where its effective value came from."""
    path = settings_file_path()
    from_file = tomllib.loads(path.read_text()) if path.is_file() else {}
    rows = []
    for name in Settings.model_fields:
        env_name = f"{ENV_PREFIX}{name.upper()}"
        if env_name in os.environ:
            source = f"env {env_name}"
        elif name in from_file:
            source = f"file {path}"
        else:
            source = "default"
        rows.append(SettingSource(name, getattr(settings, name), source))
    return rows
