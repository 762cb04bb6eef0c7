/** Runs counted by state group, each count a link to the matching flow runs. */
import { Link } from "react-router";

import type { StateType } from "../gql/graphql";
import { STATE_COLORS } from "../lib/states";

export interface CountGroup {
  label: string;
  types: StateType[];
  count: number;
}

export function StateCounts({
  title,
  total,
  groups,
  linkTo,
}: {
  title: string;
  total: number;
  groups: CountGroup[];
  /** Where a group's count links (flow runs only). */
  linkTo?: (types: StateType[]) => string;
}) {
  return (
    <section className="card state-counts" aria-label={title} data-testid={`counts-${title.toLowerCase().replace(/\s+/g, "-")}`}>
      <h2>
        {title} <span className="count-total" data-testid="count-total">{total}</span>
      </h2>
      <ul>
        {groups.map((group) => {
          const color = STATE_COLORS[group.types[0] ?? "PENDING"];
          const body = (
            <>
              <span className="dot" style={{ backgroundColor: color }} aria-hidden="true" />
              <span>{group.label}</span>
              <strong className="numeric" data-count={group.label}>
                {group.count}
              </strong>
            </>
          );
          return (
            <li key={group.label}>
              {linkTo ? <Link to={linkTo(group.types)}>{body}</Link> : <span className="count-row">{body}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
