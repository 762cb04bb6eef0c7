/** The runs as a table with a selection column; less important columns hide on narrow windows. */
import { Link } from "react-router";

import { formatDuration } from "../lib/format";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import type { FlowRunRow } from "./merge";

function duration(row: FlowRunRow, now: number): string {
  if (row.startTime == null) return "—";
  const running = row.stateType === "RUNNING";
  const seconds = row.estimatedRunTime + (running ? Math.max(0, now - row.receivedAt) / 1000 : 0);
  return formatDuration(seconds);
}

interface Props {
  rows: FlowRunRow[];
  now: number;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
}

export function RunsTable({ rows, now, selected, onToggle, onToggleAll }: Props) {
  const all = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const some = !all && rows.some((row) => selected.has(row.id));
  return (
    <div className="table-scroll">
      <table className="runs">
        <thead>
          <tr>
            <th scope="col" className="col-select">
              <input
                type="checkbox"
                aria-label="Select all loaded runs"
                checked={all}
                ref={(el) => {
                  if (el) el.indeterminate = some;
                }}
                onChange={(e) => onToggleAll(e.target.checked)}
              />
            </th>
            <th scope="col">Run</th>
            <th scope="col" className="col-flow">
              Flow
            </th>
            <th scope="col">State</th>
            <th scope="col" className="col-tags">
              Tags
            </th>
            <th scope="col" className="col-start">
              Start
            </th>
            <th scope="col" className="numeric col-duration">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-run-id={row.id} aria-selected={selected.has(row.id)}>
              <td className="col-select">
                <input
                  type="checkbox"
                  aria-label={`Select ${row.name}`}
                  checked={selected.has(row.id)}
                  onChange={() => onToggle(row.id)}
                />
              </td>
              <td className="run-name">
                <Link to={`/runs/${row.id}`}>{row.name}</Link>
              </td>
              <td className="col-flow">{row.flow.name}</td>
              <td>
                <StateBadge type={row.stateType ?? null} name={row.stateName ?? null} />
              </td>
              <td className="col-tags">
                {row.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </td>
              <td className="col-start">
                <RelativeTime iso={row.startTime ?? row.expectedStartTime ?? null} now={now} />
              </td>
              <td className="numeric col-duration">{duration(row, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
