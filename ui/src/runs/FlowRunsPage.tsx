/** /runs: every flow run, filtered and sorted as the URL says, live. */
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";

import { useNow } from "../lib/useNow";
import { BulkActions } from "./BulkActions";
import { isFiltered, parseView, viewParams, type RunsView } from "./filters";
import { RunFilters } from "./RunFilters";
import { RunsTable } from "./RunsTable";
import { useLiveFlowRuns } from "./useLiveFlowRuns";
import "./runs.css";

const PAGE_SIZE = 50;

export function FlowRunsPage() {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const view = useMemo(() => parseView(new URLSearchParams(query)), [query]);
  const setView = useCallback((next: RunsView) => setParams(viewParams(next), { replace: true }), [setParams]);
  const runs = useLiveFlowRuns(view, PAGE_SIZE);
  const now = useNow(1_000);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const visible = new Set(runs.rows.map((row) => row.id));
  const chosen = runs.rows.filter((row) => selected.has(row.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set([...current].filter((x) => visible.has(x)));
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section>
      <div className="page-header">
        <h1>Flow runs</h1>
        {runs.total !== null && (
          <span className="muted" data-testid="runs-total">
            {runs.total} run{runs.total === 1 ? "" : "s"}
          </span>
        )}
      </div>
      <RunFilters view={view} onChange={setView} />
      {runs.liveError !== null && (
        <div className="banner warning" role="alert">
          Live updates stopped: {runs.liveError}{" "}
          <button type="button" onClick={runs.retry}>
            Retry
          </button>
        </div>
      )}
      {runs.status === "error" && (
        <div className="banner error" role="alert">
          Could not load flow runs: {runs.error}{" "}
          <button type="button" onClick={runs.retry}>
            Retry
          </button>
        </div>
      )}
      <BulkActions
        runs={chosen}
        onDone={(ids) => setSelected((current) => new Set([...current].filter((id) => !ids.includes(id))))}
      />
      {runs.status === "loading" && runs.rows.length === 0 && (
        <p className="muted" aria-busy="true">
          Loading flow runs…
        </p>
      )}
      {runs.status === "loaded" && runs.rows.length === 0 && (
        <div className="empty">
          {isFiltered(view) ? (
            <>
              <p>No flow runs match these filters.</p>
              <p className="muted">Matching runs appear here live as they start.</p>
            </>
          ) : (
            <>
              <p>No flow runs yet.</p>
              <p className="muted">
                Run a flow (<code>python examples/hello_flow.py</code>) and it appears here live.
              </p>
            </>
          )}
        </div>
      )}
      {runs.rows.length > 0 && (
        <RunsTable
          rows={runs.rows}
          now={now}
          selected={selected}
          onToggle={toggle}
          onToggleAll={(all) => setSelected(all ? new Set(visible) : new Set())}
        />
      )}
      {runs.rows.length > 0 && (
        <div className="runs-footer">
          <span className="muted">
            Showing {runs.rows.length}
            {runs.total !== null && ` of ${runs.total}`}
          </span>
          {runs.hasMore && (
            <button type="button" onClick={runs.loadMore} disabled={runs.loadingMore}>
              {runs.loadingMore ? "Loading…" : `Load ${PAGE_SIZE} more`}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
