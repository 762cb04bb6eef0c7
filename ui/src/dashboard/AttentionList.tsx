/** A short list of runs that need a look (failures, late runs), linking to each run. */
import { Link } from "react-router";

import type { DashboardRunFragment } from "../gql/graphql";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";

export function AttentionList({
  title,
  runs,
  total,
  empty,
  moreLink,
  now,
  time,
}: {
  title: string;
  runs: DashboardRunFragment[];
  total: number;
  empty: string;
  moreLink: string;
  now: number;
  time: (run: DashboardRunFragment) => string | null;
}) {
  return (
    <section className="card attention" aria-label={title}>
      <h2>
        {title} <span className="count-total">{total}</span>
      </h2>
      {runs.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {runs.map((run) => (
            <li key={run.id} data-run-id={run.id}>
              <Link to={`/runs/${run.id}`} className="attention-name">
                {run.name}
              </Link>
              <span className="muted attention-flow">{run.flow.name}</span>
              <StateBadge type={run.stateType ?? null} name={run.stateName ?? null} />
              <RelativeTime iso={time(run)} now={now} />
            </li>
          ))}
        </ul>
      )}
      {total > runs.length && (
        <Link to={moreLink} className="attention-more">
          All {total} →
        </Link>
      )}
    </section>
  );
}
