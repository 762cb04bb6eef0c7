/** One artifact: what it is, where it came from, its data by type, and its key's versions. */
import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { ArtifactData } from "./ArtifactData";
import { ArtifactHistory } from "./ArtifactHistory";
import { TypeBadge } from "./ArtifactRows";
import { Markdown } from "./Markdown";
import { ArtifactQuery } from "./operations";
import { QueryStatus } from "../lib/QueryStatus";
import "./artifacts.css";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ArtifactPage({ id }: { id: string }) {
  const valid = UUID.test(id);
  const [result, reexecute] = useQuery({ query: ArtifactQuery, variables: { id }, pause: !valid });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  // Progress artifacts advance in place (updateArtifact): follow this one's events.
  useRefreshOnEvents({ resourceId: [`flowql.artifact.${id}`] }, refresh);
  const now = useNow(15_000);

  if (!valid) return <NotAnArtifact text={`"${id}" is not an artifact id.`} />;
  const artifact = result.data?.artifact;
  if (result.data !== undefined && artifact == null) return <NotAnArtifact text="No artifact with this id (it may have been deleted)." />;
  return (
    <section>
      <p className="cat-breadcrumbs">
        <Link to="/artifacts">Artifacts</Link>
        {artifact?.key && (
          <>
            {" / "}
            <Link to={`/artifacts/key/${encodeURIComponent(artifact.key)}`}>{artifact.key}</Link>
          </>
        )}
      </p>
      <QueryStatus
        what="the artifact"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={artifact != null}
        empty={false}
        onRetry={refresh}
        emptyText={null}
      />
      {artifact != null && (
        <div className={artifact.key ? "cat-artifact-layout" : undefined}>
          <article className="cat-artifact-main">
            <div className="page-header cat-header">
              <h1>{artifact.key ?? "Artifact"}</h1>
              <TypeBadge type={artifact.type} />
            </div>
            <dl className="cat-facts">
              <div>
                <dt>Created</dt>
                <dd>
                  <RelativeTime iso={artifact.created} now={now} />
                </dd>
              </div>
              {artifact.updated !== artifact.created && (
                <div>
                  <dt>Updated</dt>
                  <dd>
                    <RelativeTime iso={artifact.updated} now={now} />
                  </dd>
                </div>
              )}
              <div>
                <dt>Flow run</dt>
                <dd>
                  {artifact.flowRunId ? (
                    <Link to={`/runs/${artifact.flowRunId}`}>{artifact.flowRun?.name ?? artifact.flowRunId}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </dd>
              </div>
              {artifact.taskRunId && (
                <div>
                  <dt>Task run</dt>
                  <dd>
                    <Link to={`/task-runs/${artifact.taskRunId}`}>{artifact.taskRun?.name ?? artifact.taskRunId}</Link>
                  </dd>
                </div>
              )}
              <div>
                <dt>Id</dt>
                <dd>
                  <code>{artifact.id}</code>
                </dd>
              </div>
            </dl>
            {artifact.description && (
              <div className="cat-artifact-description">
                <Markdown text={artifact.description} />
              </div>
            )}
            <div className="cat-artifact-data" data-type={artifact.type}>
              <ArtifactData type={artifact.type} data={artifact.data} />
            </div>
          </article>
          {artifact.key && <ArtifactHistory artifactKey={artifact.key} currentId={artifact.id} />}
        </div>
      )}
    </section>
  );
}

function NotAnArtifact({ text }: { text: string }) {
  return (
    <section className="empty">
      <h1>Artifact not found</h1>
      <p>{text}</p>
      <p>
        <Link to="/artifacts">All artifacts</Link>
      </p>
    </section>
  );
}

export function ArtifactByIdPage() {
  const { id = "" } = useParams();
  return <ArtifactPage id={id} />;
}
