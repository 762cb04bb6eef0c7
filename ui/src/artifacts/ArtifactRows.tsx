/** A table of artifacts: key (or id), type, description, flow run, time. */
import { Link } from "react-router";

import type { ArtifactRowFragment } from "../gql/graphql";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";

/** The description's first line, without markdown punctuation, for a list cell. */
export function summary(description: string | null | undefined): string {
  const line = (description ?? "").split("\n").find((text) => text.trim() !== "") ?? "";
  return line.replace(/[#*_`>[\]]/g, "").trim();
}

export function artifactPath(row: Pick<ArtifactRowFragment, "id" | "key">, byKey: boolean): string {
  return byKey && row.key ? `/artifacts/key/${encodeURIComponent(row.key)}` : `/artifacts/${row.id}`;
}

export function TypeBadge({ type }: { type: string }) {
  return (
    <span className="cat-type-badge" data-type={type}>
      {type}
    </span>
  );
}

export function ArtifactRows({
  rows,
  byKey,
  label,
}: {
  rows: readonly ArtifactRowFragment[];
  byKey: boolean;
  label: string;
}) {
  const now = useNow(15_000);
  return (
    <div className="table-scroll">
      <table className="runs cat-catalog-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{byKey ? "Key" : "Artifact"}</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col">Flow run</th>
            <th scope="col">{byKey ? "Latest" : "Created"}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-artifact-id={row.id}>
              <td className="cat-name">
                <Link to={artifactPath(row, byKey)}>{byKey ? row.key : row.id.slice(0, 8)}</Link>
              </td>
              <td>
                <TypeBadge type={row.type} />
              </td>
              <td className="cat-cell-wrap">{summary(row.description) || <span className="muted">—</span>}</td>
              <td>
                {row.flowRunId ? (
                  <Link to={`/runs/${row.flowRunId}`}>{row.flowRun?.name ?? row.flowRunId.slice(0, 8)}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <RelativeTime iso={row.created} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
