/** One block type: what it is, its documents, and a link to create one. */
import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { BlockTypePageQuery } from "./operations";
import { QueryState } from "../lib/QueryState";
import { useBlockChanges } from "./useBlockChanges";
import "./blocks.css";

export function BlockTypePage() {
  const { slug = "" } = useParams();
  const [result, reexecute] = useQuery({
    query: BlockTypePageQuery,
    variables: { slug },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useBlockChanges(reload);
  const now = useNow(10_000);
  const type = result.data?.blockType;
  const documents = result.data?.blockDocuments.edges.map((edge) => edge.node) ?? [];

  return (
    <section className="blocks">
      <p className="breadcrumbs">
        <Link to="/blocks">Blocks</Link> /
      </p>
      <QueryState what="the block type" fetching={result.fetching} error={result.error} hasData={result.data !== undefined} retry={reload} />
      {result.data !== undefined && (type === null || type === undefined) && (
        <div className="empty">
          <h1>No block type “{slug}”</h1>
          <p>
            <Link to="/blocks">All block types</Link>
          </p>
        </div>
      )}
      {type != null && (
        <>
          <div className="page-header">
            <h1>{type.name}</h1>
            <code className="muted">{type.slug}</code>
            <Link className="button-link primary" to="new">
              New document
            </Link>
          </div>
          {type.description != null && <p className="block-type-description">{type.description}</p>}
          {type.documentationUrl != null && (
            <p>
              <a href={type.documentationUrl} target="_blank" rel="noreferrer">
                Documentation
              </a>
            </p>
          )}
          {type.codeExample != null && (
            <details>
              <summary>Code example</summary>
              <pre className="block-code">{type.codeExample}</pre>
            </details>
          )}
          <h2 className="section-title">Documents</h2>
          {documents.length === 0 ? (
            <div className="empty">
              <p>No {type.name} documents yet.</p>
              <p>
                <Link to="new">Create the first one</Link>
              </p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="runs">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {documents.map((document) => (
                    <tr key={document.id}>
                      <td>
                        <Link to={`/blocks/documents/${document.id}`}>{document.name}</Link>
                      </td>
                      <td>
                        <RelativeTime iso={document.updated} now={now} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
