import { formatDuration } from "../lib/format";
import { runSeconds, type Runnable } from "./duration";

/** A run's duration, ticking on while it runs (the caller re-renders with `now`). */
export function RunDuration({ run, receivedAt, now }: { run: Runnable; receivedAt: number; now: number }) {
  const seconds = runSeconds(run, receivedAt, now);
  return (
    <span className="numeric" data-testid="run-duration">
      {seconds === null ? "—" : formatDuration(seconds)}
    </span>
  );
}
