/** The latest artifact of each key and the unkeyed artifacts, filterable by type, kept current. */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import { ArtifactRows } from "./ArtifactRows";
import { ArtifactListsQuery } from "./operations";
import { QueryStatus } from "../lib/QueryStatus";
import "./artifacts.css";

const TYPES = ["markdown", "table", "link", "progress", "image", "result"] as const;
const PAGE = 100;
const ARTIFACT_EVENTS = { eventPrefix: ["flowql.artifact."] };

export function ArtifactsListPage() {
  const [params, setParams] = useSearchParams();
  const type = params.get("type") ?? "";
  const variables = useMemo(
    () => ({ first: PAGE, filter: type ? { type: { any: [type] } } : null }),
    [type],
  );
  const [result, reexecute] = useQuery({ query: ArtifactListsQuery, variables });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefreshOnEvents(ARTIFACT_EVENTS, refresh);

  const keyed = result.data?.latestArtifacts.edges.map((edge) => edge.node) ?? [];
  // The API has no "key is null" filter: unkeyed artifacts are picked from the newest ones.
  const unkeyed = result.data?.artifacts.edges.map((edge) => edge.node).filter((node) => node.key === null) ?? [];
  const hasData = result.data !== undefined;

  return (
    <section>
      <div className="page-header cat-header">
        <h1>Artifacts</h1>
        {hasData && (
          <span className="muted" data-testid="artifacts-total">
            {result.data?.latestArtifacts.totalCount} key{result.data?.latestArtifacts.totalCount === 1 ? "" : "s"}
          </span>
        )}
        <label className="cat-toolbar-field">
          Type{" "}
          <select
            value={type}
            onChange={(event) => setParams(event.target.value ? { type: event.target.value } : {})}
          >
            <option value="">All types</option>
            {TYPES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryStatus
        what="artifacts"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={hasData}
        empty={keyed.length === 0 && unkeyed.length === 0}
        onRetry={refresh}
        emptyText={
          <>
            <p>{type ? `No ${type} artifacts.` : "No artifacts yet."}</p>
            <p className="muted">
              Publish one from a flow, e.g. <code>create_markdown_artifact("# Report", key="report")</code>; it
              appears here live.
            </p>
          </>
        }
      />
      {keyed.length > 0 && (
        <>
          <h2 className="cat-section-title">By key</h2>
          <ArtifactRows rows={keyed} byKey label="Latest artifact of each key" />
        </>
      )}
      {unkeyed.length > 0 && (
        <>
          <h2 className="cat-section-title">Without a key</h2>
          <ArtifactRows rows={unkeyed} byKey={false} label="Artifacts without a key" />
        </>
      )}
    </section>
  );
}
