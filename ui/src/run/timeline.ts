/**
 * Where each task run's bar sits on the flow run's timeline: positions as
 * fractions (0..1) of the span from the earliest start to the latest end (or
 * now, while something runs), so rows lay out without measuring anything.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Timed {
  startTime?: string | null;
  endTime?: string | null;
}

/** The span covering every started run; null when none started. */
export function timelineSpan(runs: Iterable<Timed>, now: number, floor?: string | null): Span | null {
  let start = floor ? Date.parse(floor) : Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let any = false;
  for (const run of runs) {
    if (!run.startTime) continue;
    any = true;
    const s = Date.parse(run.startTime);
    const e = run.endTime ? Date.parse(run.endTime) : now;
    if (s < start) start = s;
    if (e > end) end = e;
  }
  if (!any || !Number.isFinite(start)) return null;
  return { start, end: Math.max(end, start + 1) };
}

export interface Bar {
  /** Left edge, 0..1 of the span. */
  left: number;
  /** Width, 0..1 of the span; at least `minWidth` so instant runs stay visible. */
  width: number;
}

export function barLayout(run: Timed, span: Span, now: number, minWidth = 0.004): Bar | null {
  if (!run.startTime) return null;
  const total = span.end - span.start;
  const s = Date.parse(run.startTime);
  const e = run.endTime ? Date.parse(run.endTime) : now;
  const left = Math.min(1, Math.max(0, (s - span.start) / total));
  const width = Math.max(minWidth, Math.min(1 - left, (e - s) / total));
  return { left: Math.min(left, 1 - minWidth), width };
}
