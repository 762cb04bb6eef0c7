/** One colour per state type, used by every badge, chart and icon (see styles.css). */
import type { StateType } from "../gql/graphql";

export const STATE_TYPES: readonly StateType[] = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "CANCELLING",
  "CRASHED",
  "PAUSED",
];

export const STATE_COLORS: Record<StateType, string> = {
  SCHEDULED: "#b7791f",
  PENDING: "#718096",
  RUNNING: "#2b6cb0",
  COMPLETED: "#2f855a",
  FAILED: "#c53030",
  CANCELLED: "#4a5568",
  CANCELLING: "#6b7280",
  CRASHED: "#c05621",
  PAUSED: "#805ad5",
};

export function isFinal(type: StateType | null | undefined): boolean {
  return type === "COMPLETED" || type === "FAILED" || type === "CANCELLED" || type === "CRASHED";
}
