/**
 * Edit a block document, prefilled from a fresh read (never the cache) with
 * secrets masked: saving the mask back keeps the stored secret (the API does
 * that); typing a new one replaces it.
 */
import { useCallback } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { isObject } from "../schema-form/schema";
import { blockReference } from "../schema-form/values";
import { BlockDocumentForm } from "./BlockDocumentForm";
import { BlockDocumentPageQuery } from "./operations";
import { QueryState } from "../lib/QueryState";
import "./blocks.css";

export function EditBlockDocumentPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [result, reexecute] = useQuery({ query: BlockDocumentPageQuery, variables: { id }, requestPolicy: "network-only" });
  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const document = result.data?.blockDocument;
  const documentPath = `/blocks/documents/${id}`;

  return (
    <section className="blocks">
      <p className="breadcrumbs">
        <Link to="/blocks">Blocks</Link> / <Link to={documentPath}>{document?.name ?? "document"}</Link> /
      </p>
      <h1>Edit {document?.name ?? "block document"}</h1>
      <QueryState what="the block document" fetching={result.fetching} error={result.error} hasData={result.data !== undefined} retry={retry} />
      {result.data !== undefined && document == null && <p className="empty">Block document not found.</p>}
      {document != null && isObject(document.blockSchema.fields) && (
        <BlockDocumentForm
          key={document.id + document.updated}
          schema={document.blockSchema.fields}
          blockSchemaId={document.blockSchemaId}
          existing={{ name: document.name, data: withReferences(document.data, document.references) }}
          cancelTo={documentPath}
          onSaved={(saved) => void navigate(`/blocks/documents/${saved}`)}
        />
      )}
    </section>
  );
}

/** The document's data with each field that holds another document given as its
 * reference (`{"$ref": {"block_document_id": id}}`), so the form keeps pointing at
 * the same document rather than at one whose data merely looks the same. */
export function withReferences(
  data: unknown,
  references: readonly { field: string; blockDocumentId: string }[],
): unknown {
  if (!isObject(data) || references.length === 0) return data;
  const result: Record<string, unknown> = { ...data };
  for (const { field, blockDocumentId } of references) {
    result[field] = blockReference(blockDocumentId);
  }
  return result;
}
