/** Every variable with its value and tags; search by name; create, edit and delete; kept current by events. */
import { useCallback, useMemo, useState } from "react";
import { Link, useLocation } from "react-router";
import { useQuery } from "urql";

import { QueryStatus } from "../lib/QueryStatus";
import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import type { VariableRowFragment } from "../gql/graphql";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { DeleteVariableButton } from "./DeleteVariableButton";
import { VariablesQuery } from "./operations";
import "./variables.css";

const PAGE = 200;
const VARIABLE_EVENTS = { eventPrefix: ["flowql.variable."] };
const PREVIEW = 80;

function preview(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
}

function VariableRow({ row, now, onDeleted }: { row: VariableRowFragment; now: number; onDeleted: () => void }) {
  return (
    <tr data-variable={row.name}>
      <td className="cat-name">
        <Link to={`/variables/edit/${encodeURIComponent(row.name)}`}>{row.name}</Link>
      </td>
      <td className="cat-variable-value">
        <code title={JSON.stringify(row.value ?? null, null, 2)}>{preview(row.value)}</code>
      </td>
      <td className="cat-cell-wrap">
        {row.tags.length === 0 ? <span className="muted">—</span> : row.tags.map((tag) => <span className="cat-tag" key={tag}>{tag}</span>)}
      </td>
      <td>
        <RelativeTime iso={row.updated} now={now} />
      </td>
      <td>
        <div className="cat-row-actions">
          <Link to={`/variables/edit/${encodeURIComponent(row.name)}`} aria-label={`Edit ${row.name}`}>
            Edit
          </Link>
          <DeleteVariableButton name={row.name} onDeleted={onDeleted} />
        </div>
      </td>
    </tr>
  );
}

export function VariablesListPage() {
  const [search, setSearch] = useState("");
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const variables = useMemo(
    () => ({ first: PAGE, filter: search.trim() ? { name: { like: search.trim() } } : null }),
    [search],
  );
  const [result, reexecute] = useQuery({ query: VariablesQuery, variables });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefreshOnEvents(VARIABLE_EVENTS, refresh);
  const now = useNow(15_000);
  const rows = result.data?.variables.edges.map((edge) => edge.node) ?? [];
  const total = result.data?.variables.totalCount;

  return (
    <section>
      <div className="page-header cat-header">
        <h1>Variables</h1>
        {total !== undefined && (
          <span className="muted" data-testid="variables-total">
            {total} variable{total === 1 ? "" : "s"}
          </span>
        )}
        <label className="cat-toolbar-field">
          Search{" "}
          <input type="search" value={search} placeholder="name contains…" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <Link className="cat-button-link" to="/variables/new">
          New variable
        </Link>
      </div>
      {saved && (
        <p className="banner cat-success" role="status">
          Saved <strong>{saved}</strong>.
        </p>
      )}
      <QueryStatus
        what="variables"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={result.data !== undefined}
        empty={rows.length === 0}
        onRetry={refresh}
        emptyText={
          search.trim() ? (
            <p>No variable name contains "{search.trim()}".</p>
          ) : (
            <>
              <p>No variables yet.</p>
              <p className="muted">
                Variables are named JSON values flows read with <code>Variable.get("name")</code>.{" "}
                <Link to="/variables/new">Create one</Link>.
              </p>
            </>
          )
        }
      />
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="runs cat-catalog-table" aria-label="Variables">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Tags</th>
                <th scope="col">Updated</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <VariableRow key={row.id} row={row} now={now} onDeleted={refresh} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total !== undefined && total > rows.length && (
        <p className="muted">Showing the first {rows.length} by name; search to narrow.</p>
      )}
    </section>
  );
}
