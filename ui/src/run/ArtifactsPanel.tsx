import { useEffect } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { RelativeTime } from "../lib/Time";
import { LoadError } from "../lib/QueryState";
import { FlowRunArtifactsQuery } from "./operations";

/** The artifacts the run published (each links to its own page), re-read when the run's state changes. */
export function ArtifactsPanel({
  flowRunId,
  stateId,
  now,
}: {
  flowRunId: string;
  stateId: string | undefined;
  now: number;
}) {
  const [result, reexecute] = useQuery({ query: FlowRunArtifactsQuery, variables: { id: flowRunId } });
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  useEffect(() => {
    if (stateId !== undefined) reexecute({ requestPolicy: "network-only" });
  }, [stateId, reexecute]);
  const artifacts = result.data?.flowRun?.artifacts;
  if (result.error && artifacts === undefined)
    return <LoadError what="artifacts" error={result.error.message} retry={refresh} />;
  if (artifacts === undefined)
    return (
      <p className="muted" aria-busy="true">
        Loading artifacts…
      </p>
    );
  if (artifacts.edges.length === 0) {
    return (
      <div className="empty">
        <p>This run published no artifacts.</p>
        <p className="muted">
          <code>create_markdown_artifact(...)</code> and friends, called in a flow or task, show up here.
        </p>
      </div>
    );
  }
  return (
    <div className="table-scroll">
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Artifact</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <Link to={`/artifacts/${node.id}`}>{node.key ?? <span className="muted">unnamed</span>}</Link>
              </td>
              <td>{node.type}</td>
              <td className="description">{node.description ?? ""}</td>
              <td>
                <RelativeTime iso={node.created} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {artifacts.totalCount > artifacts.edges.length && (
        <p className="muted">
          The newest {artifacts.edges.length} of {artifacts.totalCount}.
        </p>
      )}
    </div>
  );
}
