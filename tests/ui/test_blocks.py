"""The blocks pages in real chromium against a real server: create a document
of a block type with a secret through the form generated from its schema (a
client validation error shows next to its field, a name in use comes back as
the API's CONFLICT next to the name), the document page shows the secret as
``********`` and the secret appears nowhere in the page, an API change shows
without a reload, editing keeps the stored secret, and delete asks first."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests.support.servers import LiveServer
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser

SECRET = "hunter2-not-for-eyes"
FIELDS = {
    "type": "object",
    "title": "Database credentials",
    "properties": {
        "user": {"type": "string", "title": "User", "description": "Who logs in"},
        "password": {
            "type": "string",
            "title": "Password",
            "format": "password",
            "writeOnly": True,
        },
        "port": {"type": "integer", "title": "Port", "default": 5432},
        "mode": {"enum": ["ro", "rw"], "title": "Mode", "default": "ro"},
        "options": {"title": "Options", "type": "object", "additionalProperties": True},
    },
    "required": ["user", "password"],
    "secret_fields": ["password"],
    "block_schema_references": {},
}


def gql(server: LiveServer, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = httpx.post(
        server.graphql_url, json={"query": query, "variables": variables or {}}, timeout=30
    )
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def register(server: LiveServer, slug: str) -> str:
    data = gql(
        server,
        "mutation($input: RegisterBlockTypeInput!) { registerBlockType(input: $input) "
        "{ blockSchemaId errors { code message field } } }",
        {
            "input": {
                "slug": slug,
                "name": "DB " + slug[-6:],
                "fields": FIELDS,
                "description": "Database login.",
            }
        },
    )["registerBlockType"]
    assert data["errors"] == []
    return str(data["blockSchemaId"])


def save(server: LiveServer, schema_id: str, name: str, data: dict[str, Any]) -> None:
    payload = gql(
        server,
        "mutation($input: SaveBlockDocumentInput!) { saveBlockDocument(input: $input) "
        "{ errors { code message field } } }",
        {"input": {"blockSchemaId": schema_id, "name": name, "data": data, "overwrite": True}},
    )["saveBlockDocument"]
    assert payload["errors"] == []


def stored(server: LiveServer, slug: str, name: str) -> Any:
    return gql(
        server,
        "query($n: String!, $s: String!) "
        "{ blockDocument(name: $n, blockTypeSlug: $s, includeSecrets: true) { data } }",
        {"n": name, "s": slug},
    )["blockDocument"]


def label(page: Any, text: str) -> Any:
    """The input labelled ``text`` (a required one's label ends in an asterisk)."""
    return page.get_by_label(re.compile(rf"^{text}( \*)?$"))


def field(page: Any, text: str) -> Any:
    """The field (label, input, description, errors) whose label is ``text``."""
    return page.locator(".sf-field", has=label(page, text))


def test_create_a_block_with_a_secret_then_edit_and_delete_it(
    page: Any, server: LiveServer
) -> None:
    slug = f"ui-db-{uuid.uuid4().hex[:6]}"
    schema_id = register(server, slug)
    save(server, schema_id, "taken", {"user": "x", "password": "y"})

    page.goto(f"{server.url}/blocks")
    card = page.locator(f'.block-card[data-block-type="{slug}"]')
    card.wait_for(timeout=15_000)
    assert "taken" in card.inner_text()
    screenshot(page, "blocks-catalog")

    card.get_by_role("link", name=re.compile("^New document")).click()
    label(page, "Name").wait_for()
    assert label(page, "Port").input_value() == "5432"  # the schema's default
    label(page, "Name").fill("prod-db")
    label(page, "Port").fill("54x")
    page.get_by_role("button", name="Create").click()
    # Client validation: next to the fields, nothing sent.
    assert field(page, "User").locator(".sf-errors").inner_text() == "Required"
    assert "Must be integer" in field(page, "Port").locator(".sf-errors").inner_text()
    assert label(page, "User").get_attribute("aria-invalid") == "true"
    screenshot(page, "blocks-create-errors")

    label(page, "User").fill("ada")
    label(page, "Port").fill("6543")
    label(page, "Password").fill(SECRET)
    label(page, "Options").fill('{"sslmode": ')
    assert "Not valid JSON" in field(page, "Options").locator(".sf-errors").inner_text()
    label(page, "Options").fill('{"sslmode": "require"}')
    # A name in use: the API's CONFLICT, next to the name.
    label(page, "Name").fill("taken")
    page.get_by_role("button", name="Create").click()
    name_errors = page.locator("#block-name-errors")
    name_errors.wait_for(timeout=10_000)
    assert "taken" in name_errors.inner_text()
    label(page, "Name").fill("prod-db")
    page.get_by_role("button", name="Create").click()

    page.wait_for_url(re.compile(r"/blocks/documents/[0-9a-f-]+$"), timeout=10_000)
    password = page.locator('.block-data-row[data-field="password"] dd')
    password.wait_for(timeout=10_000)
    assert password.inner_text() == "********"
    assert page.locator('.block-data-row[data-field="user"] dd').inner_text() == "ada"
    assert SECRET not in page.content()
    assert stored(server, slug, "prod-db")["data"] == {
        "user": "ada",
        "password": SECRET,
        "port": 6543,
        "mode": "ro",
        "options": {"sslmode": "require"},
    }
    screenshot(page, "blocks-document")

    # A change made elsewhere shows without a reload.
    page.evaluate("window.__notReloaded = true")
    save(server, schema_id, "prod-db", {"user": "grace", "password": "********", "port": 6543})
    page.locator('.block-data-row[data-field="user"] dd', has_text="grace").wait_for(timeout=10_000)
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_role("link", name="Edit").click()
    secret_input = label(page, "Password")
    secret_input.wait_for()
    assert secret_input.input_value() == "********"  # the mask, never the secret
    assert SECRET not in page.content()
    assert label(page, "Name").get_attribute("readonly") is not None
    screenshot(page, "blocks-edit")
    label(page, "User").fill("linus")
    page.get_by_role("button", name="Save").click()
    page.locator('.block-data-row[data-field="user"] dd', has_text="linus").wait_for(timeout=10_000)
    assert stored(server, slug, "prod-db")["data"]["password"] == SECRET  # the mask kept it

    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "blocks-document-narrow")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Confirm deleting").click()
    page.wait_for_url(re.compile(f"/blocks/types/{slug}$"), timeout=10_000)
    page.get_by_role("link", name="taken").wait_for()
    assert page.get_by_role("link", name="prod-db").count() == 0
    screenshot(page, "blocks-type")
    assert stored(server, slug, "prod-db") is None


def test_schema_form_handles_a_pydantic_block_with_a_nested_block(
    page: Any, server: LiveServer
) -> None:
    """The SDK's own schemas (Pydantic's $defs, X | None, unions, lists,
    date-times, a field holding a block): the nested block is chosen among
    saved documents and sent as a reference; editing preselects it."""
    from datetime import datetime

    from pydantic import Field, SecretStr

    from flowql.sdk.blocks.core import Block

    suffix = uuid.uuid4().hex[:6]

    class Login(Block):
        _block_type_slug = f"ui-login-{suffix}"
        user: str
        password: SecretStr

    class Warehouse(Block):
        """A warehouse connection."""

        _block_type_slug = f"ui-warehouse-{suffix}"
        login: Login
        hosts: list[str] = Field(default_factory=list, description="Tried in order")
        timeout: int | str = 30
        since: datetime | None = None

    login_schema = register_fields(server, Login.get_block_type_slug(), Login.block_schema_fields())
    save(server, login_schema, "analyst", {"user": "ann", "password": "pw"})
    save(server, login_schema, "admin", {"user": "root", "password": "pw2"})
    register_fields(server, Warehouse.get_block_type_slug(), Warehouse.block_schema_fields())

    page.goto(f"{server.url}/blocks/types/{Warehouse.get_block_type_slug()}/new")
    label(page, "Name").wait_for(timeout=15_000)
    login = label(page, "Login")
    login.locator("option", has_text="analyst").wait_for(state="attached")
    login.select_option(label="analyst")
    page.get_by_role("button", name="Add hosts item").click()
    page.get_by_role("button", name="Add hosts item").click()
    label(page, "Hosts 1").fill("db1")
    label(page, "Hosts 2").fill("db2")
    page.get_by_role("button", name="Remove Hosts 1").click()
    assert label(page, "Hosts 1").input_value() == "db2"
    label(page, "Timeout type").select_option(label="string")
    label(page, "Timeout \\(string\\)").fill("1m")
    label(page, "Since").fill("2026-01-02T03:04:05")
    label(page, "Name").fill("main")
    screenshot(page, "blocks-create-nested")
    page.set_viewport_size({"width": 400, "height": 800})  # a narrow window: nothing overflows
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "blocks-create-narrow")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/blocks/documents/[0-9a-f-]+$"), timeout=10_000)
    page.locator('.block-data-row[data-field="login"]').wait_for(timeout=10_000)

    data = stored(server, Warehouse.get_block_type_slug(), "main")["data"]
    assert data["login"] == {"user": "ann", "password": "pw"}  # a reference to "analyst", in place
    assert data["hosts"] == ["db2"] and data["timeout"] == "1m"
    assert data["since"].startswith("2026-01-0")

    page.get_by_role("link", name="Edit").click()
    label(page, "Login").wait_for()
    page.wait_for_function(
        "document.querySelector('#block-data-login').selectedOptions[0]?.textContent === 'analyst'"
    )
    label(page, "Login").select_option(label="admin")
    page.get_by_role("button", name="Save").click()
    page.locator('.block-data-row[data-field="login"]', has_text="root").wait_for(timeout=10_000)
    assert (
        stored(server, Warehouse.get_block_type_slug(), "main")["data"]["login"]["user"] == "root"
    )


def register_fields(server: LiveServer, slug: str, fields: dict[str, Any]) -> str:
    data = gql(
        server,
        "mutation($input: RegisterBlockTypeInput!) { registerBlockType(input: $input) "
        "{ blockSchemaId errors { code message field } } }",
        {"input": {"slug": slug, "name": slug, "fields": fields}},
    )["registerBlockType"]
    assert data["errors"] == []
    return str(data["blockSchemaId"])
