import type { StateType } from "../gql/graphql";
import { STATE_COLORS } from "./states";

/** The run's state name on its type's colour: the same everywhere. */
export function StateBadge({ type, name }: { type: StateType | null; name: string | null }) {
  const label = name ?? type ?? "Unknown";
  return (
    <span
      className="state-badge"
      data-state={type ?? "UNKNOWN"}
      style={type ? { backgroundColor: STATE_COLORS[type] } : undefined}
    >
      {label}
    </span>
  );
}
