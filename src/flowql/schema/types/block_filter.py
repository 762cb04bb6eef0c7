"""``BlockDocumentFilter``: which block documents a ``blockDocuments`` list shows.

Shaped like Prefect's ``BlockDocumentFilter`` (read by
``services.block_views.block_document_clauses``); all conditions are ANDed.
"""

from __future__ import annotations

import strawberry

from flowql.schema.filters import IdFilter, StringFilter


@strawberry.input(description="Match block documents; all conditions are ANDed.")
class BlockDocumentFilter:
    id: IdFilter | None = None
    name: StringFilter | None = strawberry.field(
        default=None, description="The document's name (`any`, `notAny`, `like`)."
    )
    block_type_slug: StringFilter | None = strawberry.field(
        default=None, description="The slug of the document's block type."
    )
    is_anonymous: bool | None = strawberry.field(
        default=False,
        description="Anonymous documents (blocks saved inside others) only (true), named "
        "ones only (false, the default, as in Prefect), or both (null).",
    )
