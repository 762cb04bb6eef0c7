/** A new document of a block type, through a form made from its latest block schema. */
import { useCallback } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { isObject } from "../schema-form/schema";
import { BlockDocumentForm } from "./BlockDocumentForm";
import { BlockTypePageQuery } from "./operations";
import { QueryState } from "../lib/QueryState";
import "./blocks.css";

export function CreateBlockDocumentPage() {
  const { slug = "" } = useParams();
  const navigate = useNavigate();
  const [result, reexecute] = useQuery({ query: BlockTypePageQuery, variables: { slug }, requestPolicy: "network-only" });
  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const type = result.data?.blockType;
  const schema = result.data?.blockSchemas[0];
  const typePath = `/blocks/types/${encodeURIComponent(slug)}`;

  return (
    <section className="blocks">
      <p className="breadcrumbs">
        <Link to="/blocks">Blocks</Link> / <Link to={typePath}>{type?.name ?? slug}</Link> /
      </p>
      <h1>New {type?.name ?? slug} document</h1>
      <QueryState what="the block schema" fetching={result.fetching} error={result.error} hasData={result.data !== undefined} retry={retry} />
      {result.data !== undefined && type == null && <p className="empty">No block type “{slug}”.</p>}
      {type != null && schema === undefined && <p className="empty">This block type has no schema yet.</p>}
      {type != null && schema !== undefined && isObject(schema.fields) && (
        <BlockDocumentForm
          key={schema.id}
          schema={schema.fields}
          blockSchemaId={schema.id}
          cancelTo={typePath}
          onSaved={(id) => void navigate(`/blocks/documents/${id}`)}
        />
      )}
    </section>
  );
}
