/** How long a run took, or has taken so far while it runs, in seconds; null before it started. */
export interface RunTimes {
  stateType?: string | null | undefined;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  totalRunTime: number;
}

export function runSeconds(run: RunTimes, now: number): number | null {
  if (!run.startTime) return null;
  const start = Date.parse(run.startTime);
  if (run.stateType === "RUNNING" || run.stateType === "CANCELLING") return Math.max(0, (now - start) / 1000);
  if (run.totalRunTime > 0) return run.totalRunTime;
  return run.endTime ? Math.max(0, (Date.parse(run.endTime) - start) / 1000) : null;
}
