"""``ClientCore``: what every part of ``FlowqlClient`` builds on.

The transport, running one named operation, reading one node and walking a
connection's cursor pages. ``FlowqlClient`` is assembled from method groups
(runs and flows in ``orchestration``, variables, artifacts, blocks in their
own modules), each a subclass of this core.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from flowql.client.checks import check_page, not_found, timeout_setting
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.operations import operation
from flowql.sdk.client.transport import HttpTransport, Transport, transport_from_settings
from flowql.settings import Settings

PAGE_SIZE = 200


class ClientCore:
    """The transport and the paging helpers every method group uses."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: Transport | None = None,
        httpx_settings: Mapping[str, Any] | None = None,
    ) -> None:
        self._settings = settings
        self._timeout = timeout_setting(httpx_settings)
        self._transport = transport
        self._owns_transport = transport is None
        self._depth = 0

    @property
    def transport(self) -> Transport:
        """The transport the documents go through (created on first use)."""
        if self._transport is None:
            settings = self._settings or Settings()
            if settings.api_url and self._timeout is not None:
                self._transport = HttpTransport(settings, timeout=self._timeout)
            else:
                self._transport = transport_from_settings(settings)
        return self._transport

    async def __aenter__(self) -> Self:
        self._depth += 1
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            await self.aclose()

    async def aclose(self) -> None:
        """Close the transport (the database engine or the HTTP connections)."""
        transport, self._transport = self._transport, None
        if transport is not None and self._owns_transport:
            await transport.close()

    async def _execute(self, name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            data = await self.transport.execute(operation(name), variables)
        except ApiError as error:
            codes = {(e.get("extensions") or {}).get("code") for e in error.errors}
            if "NOT_FOUND" in codes:
                raise not_found(str(error)) from error
            raise
        if not isinstance(data, dict):
            raise ApiError(f"{name}: the API answered without data")
        return data

    async def _read_one(self, document: str, field: str, what: str, **variables: Any) -> Any:
        node = (await self._execute(document, variables))[field]
        if node is None:
            shown = ", ".join(f"{key} {value!r}" for key, value in variables.items())
            raise not_found(f"there is no {what} with {shown}")
        return node

    async def _walk(
        self,
        name: str,
        path: tuple[str, ...],
        variables: dict[str, Any],
        *,
        limit: int | None,
        offset: int | None,
    ) -> list[dict[str, Any]]:
        """The nodes of a connection: skip ``offset``, then up to ``limit`` (None: all)."""
        check_page(limit, offset)
        nodes: list[dict[str, Any]] = []
        skip, after = offset or 0, None
        while limit is None or len(nodes) < limit:
            wanted = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - len(nodes))
            first = min(PAGE_SIZE, skip) if skip else wanted
            page_variables = {**variables, "first": first, "after": after, "withNodes": not skip}
            connection: Any = await self._execute(name, page_variables)
            for key in path:
                connection = connection[key]
                if connection is None:
                    raise not_found(f"{name}: no {key} with {variables}")
            if skip:
                skip -= first
            else:
                nodes.extend(edge["node"] for edge in connection["edges"])
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
        return nodes
