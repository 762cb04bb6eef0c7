/** The versions of a key, newest first; the one shown is marked. */
import { useCallback } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { ArtifactHistoryQuery } from "./operations";
import { summary } from "./ArtifactRows";
import { QueryStatus } from "../lib/QueryStatus";

export function ArtifactHistory({ artifactKey, currentId }: { artifactKey: string; currentId: string }) {
  const [result, reexecute] = useQuery({ query: ArtifactHistoryQuery, variables: { key: artifactKey, first: 50 } });
  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const now = useNow(15_000);
  const versions = result.data?.artifactHistory.edges.map((edge) => edge.node) ?? [];
  const total = result.data?.artifactHistory.totalCount ?? 0;
  return (
    <aside className="cat-artifact-history" aria-label="Versions">
      <h2 className="cat-section-title">
        Versions {result.data && <span className="muted">({total})</span>}
      </h2>
      <QueryStatus
        what="versions"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={result.data !== undefined}
        empty={versions.length === 0}
        onRetry={retry}
        emptyText={<p>No versions.</p>}
      />
      <ol className="cat-version-list">
        {versions.map((version, index) => (
          <li key={version.id} aria-current={version.id === currentId ? "true" : undefined}>
            <Link to={`/artifacts/${version.id}`}>
              <span className="cat-version-number">v{total - index}</span>
              <RelativeTime iso={version.created} now={now} />
              {index === 0 && <span className="cat-latest-tag">latest</span>}
            </Link>
            {summary(version.description) && <span className="muted cat-version-summary">{summary(version.description)}</span>}
          </li>
        ))}
      </ol>
      {total > versions.length && <p className="muted">Showing the newest {versions.length}.</p>}
    </aside>
  );
}
