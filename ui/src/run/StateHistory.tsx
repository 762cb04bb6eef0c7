import type { StateLineFragment } from "../gql/graphql";
import { formatDuration } from "../lib/format";
import { isFinal } from "../lib/states";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { timeInStates } from "./duration";

/** Every state a run entered, oldest first, with how long it stayed in each. */
export function StateHistory({ states, now }: { states: readonly StateLineFragment[]; now: number }) {
  if (states.length === 0) return <p className="muted">No states recorded.</p>;
  const seconds = timeInStates(states, now);
  return (
    <ol className="state-history">
      {states.map((state, i) => {
        const last = i === states.length - 1;
        return (
          <li key={state.id}>
            <StateBadge type={state.type} name={state.name} />
            <RelativeTime iso={state.timestamp} now={now} />
            <span className="muted numeric">
              {last && isFinal(state.type) ? "final" : `for ${formatDuration(seconds[i] ?? 0)}`}
            </span>
            {state.message ? <span className="state-message">{state.message}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
