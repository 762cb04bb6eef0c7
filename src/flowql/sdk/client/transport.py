"""Execute GraphQL documents in-process against a local database, or over HTTP.

Embedded mode (``FLOWQL_API_URL`` unset) runs the server's own schema in this
process on the SQLite database under ``FLOWQL_HOME`` (or ``FLOWQL_DATABASE_URL``),
with no server and no subprocess. The server modules are imported only then.
"""

from __future__ import annotations

from typing import Any, Protocol

from flowql.sdk.client.errors import ApiError
from flowql.settings import Settings


class Transport(Protocol):
    async def execute(self, document: str, variables: dict[str, Any] | None = None) -> Any: ...

    async def close(self) -> None: ...


def _raise_for_errors(errors: list[dict[str, Any]] | None, where: str) -> None:
    if errors:
        messages = "; ".join(str(error.get("message")) for error in errors)
        raise ApiError(f"{where}: {messages}", errors=errors)


class EmbeddedTransport:
    """Runs documents through the schema in this process."""

    def __init__(self, settings: Settings) -> None:
        from flowql.db.database import Database

        self.settings = settings
        # The SDK's loop does nothing while a call is in flight: SQLite calls
        # run in it instead of hopping to aiosqlite's thread (3x faster writes).
        # A 4 MiB page cache, not the server's 32: the SDK appends, and its
        # process's memory is the user's (18 MB less for a 10,000-task flow).
        self.db = Database(
            settings.effective_database_url,
            echo=settings.database_echo,
            inline_sqlite=True,
            sqlite_cache_mib=4,
        )
        self._schema: Any = None  # built on the first document: the engine's writes need none
        self._migrated = False

    @property
    def where(self) -> str:
        return f"embedded database {self.db.engine.url.render_as_string(hide_password=True)}"

    async def execute(self, document: str, variables: dict[str, Any] | None = None) -> Any:
        from flowql.resolvers.context import Context

        await self.ensure_ready()
        context = Context.create(self.db, self.settings)
        result = await self.schema.execute(
            document, variable_values=variables, context_value=context
        )
        errors = [dict(error.formatted) for error in result.errors or ()]
        _raise_for_errors(errors, self.where)
        return result.data

    @property
    def schema(self) -> Any:
        if self._schema is None:
            from flowql.schema.build import build_schema

            self._schema = build_schema()
        return self._schema

    async def ensure_ready(self) -> None:
        """Create or upgrade the database on first use."""
        if self._migrated:
            return
        from flowql.db import migrate

        if self.db.is_sqlite:
            self.settings.home.mkdir(parents=True, exist_ok=True)
        await migrate.ensure_migrated(self.db)
        self._migrated = True

    async def close(self) -> None:
        await self.db.dispose()


class HttpTransport:
    """Posts documents to a flowql server."""

    def __init__(self, settings: Settings, *, timeout: float = 30.0) -> None:
        assert settings.api_url is not None
        self.url = settings.api_url
        headers = {}
        if settings.api_key is not None:
            headers["Authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
        import httpx  # only remote mode pays for it (~50 ms of start-up)

        self._http_error = httpx.HTTPError
        self.client = httpx.AsyncClient(headers=headers, timeout=timeout)

    async def execute(self, document: str, variables: dict[str, Any] | None = None) -> Any:
        try:
            response = await self.client.post(
                self.url, json={"query": document, "variables": variables or {}}
            )
        except self._http_error as error:
            # Some httpx errors have no message (a connection reset): name the class.
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise ApiError(f"cannot reach the flowql API at {self.url}: {reason}") from error
        try:
            body = response.json()
        except ValueError:
            raise ApiError(
                f"the flowql API at {self.url} answered HTTP {response.status_code} "
                f"with a non-JSON body: {response.text[:200]!r}"
            ) from None
        _raise_for_errors(body.get("errors"), f"the flowql API at {self.url}")
        if response.status_code != 200:
            raise ApiError(f"the flowql API at {self.url} answered HTTP {response.status_code}")
        return body.get("data")

    async def close(self) -> None:
        await self.client.aclose()


def transport_from_settings(settings: Settings | None = None) -> Transport:
    settings = settings or Settings()
    return HttpTransport(settings) if settings.api_url else EmbeddedTransport(settings)
