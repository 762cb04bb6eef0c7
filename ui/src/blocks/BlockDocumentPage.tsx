/** One block document: its data (secrets masked), edit and delete. Follows changes live. */
import { useCallback } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { isObject } from "../schema-form/schema";
import { DataView } from "./DataView";
import { DeleteBlockDocumentButton } from "./DeleteBlockDocumentButton";
import { BlockDocumentPageQuery } from "./operations";
import { QueryState } from "../lib/QueryState";
import { useBlockChanges } from "./useBlockChanges";
import "./blocks.css";

export function BlockDocumentPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [result, reexecute] = useQuery({ query: BlockDocumentPageQuery, variables: { id }, requestPolicy: "cache-and-network" });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useBlockChanges(reload);
  const now = useNow(10_000);
  const document = result.data?.blockDocument;

  return (
    <section className="blocks">
      <p className="breadcrumbs">
        <Link to="/blocks">Blocks</Link> /{" "}
        {document != null && (
          <>
            <Link to={`/blocks/types/${encodeURIComponent(document.blockTypeSlug)}`}>{document.blockTypeName}</Link> /
          </>
        )}
      </p>
      <QueryState what="the block document" fetching={result.fetching} error={result.error} hasData={result.data !== undefined} retry={reload} />
      {result.data !== undefined && document == null && (
        <div className="empty">
          <h1>Block document not found</h1>
          <p className="muted">It may have been deleted.</p>
          <p>
            <Link to="/blocks">All blocks</Link>
          </p>
        </div>
      )}
      {document != null && (
        <>
          <div className="page-header">
            <h1>{document.name}</h1>
            <span className="muted">{document.blockTypeName}</span>
          </div>
          <p className="muted block-meta">
            Updated <RelativeTime iso={document.updated} now={now} />, created <RelativeTime iso={document.created} now={now} />
          </p>
          <div className="block-actions">
            <Link className="button-link" to="edit">
              Edit
            </Link>
            <DeleteBlockDocumentButton
              id={document.id}
              name={document.name}
              onDeleted={() => void navigate(`/blocks/types/${encodeURIComponent(document.blockTypeSlug)}`)}
            />
          </div>
          <div className="block-panel">
            <DataView data={document.data} schema={isObject(document.blockSchema.fields) ? document.blockSchema.fields : {}} />
          </div>
        </>
      )}
    </section>
  );
}
