/** How long a run has run: the server's estimate, plus the time since it was read while RUNNING. */
import type { StateType } from "../gql/graphql";

export interface Runnable {
  stateType?: StateType | null;
  startTime?: string | null;
  estimatedRunTime?: number;
  totalRunTime?: number;
}

/** Seconds, or null before the run started. */
export function runSeconds(run: Runnable, receivedAt: number, now: number): number | null {
  if (!run.startTime) return null;
  const base = run.estimatedRunTime ?? run.totalRunTime ?? 0;
  if (run.stateType !== "RUNNING") return base;
  // Task runs report totalRunTime only when they finish: count from the start.
  if (run.estimatedRunTime === undefined) return Math.max(0, (now - Date.parse(run.startTime)) / 1000);
  return base + Math.max(0, now - receivedAt) / 1000;
}

export interface Timestamped {
  timestamp: string;
}

/** Seconds spent in each state: until the next one, and until `now` for the last. */
export function timeInStates(states: readonly Timestamped[], now: number): number[] {
  return states.map((state, i) => {
    const next = states[i + 1];
    const end = next === undefined ? now : Date.parse(next.timestamp);
    return Math.max(0, (end - Date.parse(state.timestamp)) / 1000);
  });
}
