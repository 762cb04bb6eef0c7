/** A key's latest version (and its history), at a URL that stays valid as new versions come. */
import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import { ArtifactPage } from "./ArtifactPage";
import { LatestArtifactQuery } from "./operations";
import { QueryStatus } from "../lib/QueryStatus";

const ARTIFACT_EVENTS = { eventPrefix: ["flowql.artifact."] };

export function ArtifactKeyPage() {
  const { key = "" } = useParams();
  const [result, reexecute] = useQuery({ query: LatestArtifactQuery, variables: { key } });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefreshOnEvents(ARTIFACT_EVENTS, refresh);
  const latest = result.data?.latestArtifact;
  if (latest) return <ArtifactPage key={latest.id} id={latest.id} />;
  if (result.data !== undefined) {
    return (
      <section className="empty">
        <h1>No artifact "{key}"</h1>
        <p>No artifact has this key (its versions may all have been deleted).</p>
        <p>
          <Link to="/artifacts">All artifacts</Link>
        </p>
      </section>
    );
  }
  return (
    <QueryStatus
      what={`artifact "${key}"`}
      fetching={result.fetching}
      error={result.error?.message ?? null}
      hasData={false}
      empty={false}
      onRetry={refresh}
      emptyText={null}
    />
  );
}
