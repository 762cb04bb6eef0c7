/**
 * The run history chart's arithmetic: the time window for a range (buckets
 * aligned to their size, so refreshes keep the same bars) and stacked bars,
 * per state type in the order of lib/states.ts.
 */
import type { StateType } from "../gql/graphql";
import { STATE_TYPES } from "../lib/states";

export const HISTORY_RANGES = {
  "1h": { label: "Last hour", seconds: 3_600, bucket: 60 },
  "24h": { label: "Last 24 hours", seconds: 86_400, bucket: 1_800 },
  "7d": { label: "Last 7 days", seconds: 7 * 86_400, bucket: 3 * 3_600 },
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

export function isHistoryRange(value: string | null): value is HistoryRange {
  return value !== null && Object.hasOwn(HISTORY_RANGES, value);
}

export interface Window {
  since: string;
  until: string;
  intervalSeconds: number;
}

/** The last `range`, ending at the end of the bucket holding `now`. */
export function historyWindow(range: HistoryRange, now: number): Window {
  const { seconds, bucket } = HISTORY_RANGES[range];
  const size = bucket * 1000;
  const until = Math.ceil(now / size) * size;
  return {
    since: new Date(until - seconds * 1000).toISOString(),
    until: new Date(until).toISOString(),
    intervalSeconds: bucket,
  };
}

export interface Segment {
  type: StateType;
  count: number;
}

export interface Bar {
  start: string;
  end: string;
  total: number;
  /** Non-zero counts, in state order (bottom first). */
  segments: Segment[];
}

function isStateType(key: string): key is StateType {
  return (STATE_TYPES as readonly string[]).includes(key);
}

export function toBars(buckets: { start: string; end: string; counts: { key: string; count: number }[] }[]): Bar[] {
  return buckets.map((bucket) => {
    const byType = new Map<StateType, number>();
    for (const { key, count } of bucket.counts) {
      if (isStateType(key)) byType.set(key, (byType.get(key) ?? 0) + count);
    }
    const segments = STATE_TYPES.flatMap((type) => {
      const count = byType.get(type) ?? 0;
      return count > 0 ? [{ type, count }] : [];
    });
    return { start: bucket.start, end: bucket.end, total: segments.reduce((n, s) => n + s.count, 0), segments };
  });
}

/** A round axis maximum at or above `max` (1, 2, 5 × 10^n). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}
