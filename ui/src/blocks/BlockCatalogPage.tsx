/** Every block type, with its documents; filter by text. Reloads when blocks change. */
import { useCallback, useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import type { BlockDocumentRowFragment, BlockTypeCardFragment } from "../gql/graphql";
import { BlockCatalogQuery } from "./operations";
import { QueryState } from "../lib/QueryState";
import { useBlockChanges } from "./useBlockChanges";
import { firstParagraph } from "./text";
import "./blocks.css";

const SHOWN_PER_TYPE = 5;

function TypeCard({ type, documents }: { type: BlockTypeCardFragment; documents: BlockDocumentRowFragment[] }) {
  const typePath = `/blocks/types/${encodeURIComponent(type.slug)}`;
  return (
    <li className="block-card" data-block-type={type.slug}>
      <div className="block-card-head">
        {type.logoUrl !== null && type.logoUrl !== undefined && <img src={type.logoUrl} alt="" width={28} height={28} />}
        <h2>
          <Link to={typePath}>{type.name}</Link>
        </h2>
        <code className="muted">{type.slug}</code>
      </div>
      {type.description != null && <p className="block-card-description">{firstParagraph(type.description)}</p>}
      <p className="muted block-card-count">
        {documents.length === 0 ? "No documents" : `${documents.length} document${documents.length === 1 ? "" : "s"}`}
      </p>
      {documents.length > 0 && (
        <ul className="block-card-documents">
          {documents.slice(0, SHOWN_PER_TYPE).map((document) => (
            <li key={document.id}>
              <Link to={`/blocks/documents/${document.id}`}>{document.name}</Link>
            </li>
          ))}
          {documents.length > SHOWN_PER_TYPE && (
            <li>
              <Link to={typePath}>All {documents.length}…</Link>
            </li>
          )}
        </ul>
      )}
      <Link className="button-link" to={`${typePath}/new`} aria-label={`New document: ${type.name}`}>
        New document
      </Link>
    </li>
  );
}

export function BlockCatalogPage() {
  const [result, reexecute] = useQuery({ query: BlockCatalogQuery, requestPolicy: "cache-and-network" });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useBlockChanges(reload);
  const [search, setSearch] = useState("");

  const byType = useMemo(() => {
    const map = new Map<string, BlockDocumentRowFragment[]>();
    for (const { node } of result.data?.blockDocuments.edges ?? []) {
      const list = map.get(node.blockTypeSlug) ?? [];
      list.push(node);
      map.set(node.blockTypeSlug, list);
    }
    return map;
  }, [result.data]);

  const needle = search.trim().toLowerCase();
  const types = (result.data?.blockTypes ?? []).filter(
    (type) =>
      needle === "" ||
      [type.name, type.slug, type.description ?? ""].some((text) => text.toLowerCase().includes(needle)) ||
      (byType.get(type.slug) ?? []).some((document) => document.name.toLowerCase().includes(needle)),
  );

  return (
    <section className="blocks">
      <div className="page-header">
        <h1>Blocks</h1>
        {result.data !== undefined && (
          <span className="muted">
            {result.data.blockTypes.length} type{result.data.blockTypes.length === 1 ? "" : "s"},{" "}
            {result.data.blockDocuments.totalCount} document{result.data.blockDocuments.totalCount === 1 ? "" : "s"}
          </span>
        )}
      </div>
      <QueryState
        what="block types"
        fetching={result.fetching}
        error={result.error}
        hasData={result.data !== undefined}
        retry={reload}
      />
      {result.data !== undefined && result.data.blockTypes.length === 0 && (
        <div className="empty">
          <p>No block types yet.</p>
          <p className="muted">
            Define a <code>Block</code> subclass and call <code>register_type_and_schema()</code>, or run{" "}
            <code>flowql block register -m your.module</code>; it appears here.
          </p>
        </div>
      )}
      {result.data !== undefined && result.data.blockTypes.length > 0 && (
        <>
          <div className="blocks-toolbar">
            <label htmlFor="block-search">Filter</label>
            <input
              id="block-search"
              type="search"
              placeholder="Type or document name"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
          {types.length === 0 ? (
            <p className="muted">No block type or document matches “{search}”.</p>
          ) : (
            <ul className="block-grid">
              {types.map((type) => (
                <TypeCard key={type.id} type={type} documents={byType.get(type.slug) ?? []} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
