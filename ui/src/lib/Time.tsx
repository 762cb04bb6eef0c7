import { formatExact, formatRelative } from "./format";

/** A relative time ("2 min ago") with the exact time on hover. */
export function RelativeTime({ iso, now }: { iso: string | null; now: number }) {
  if (iso === null) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatExact(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
