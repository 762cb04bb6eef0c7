/** Stacked bars of state changes per time bucket, in the state colours; a title per bar. */
import { formatExact } from "../lib/format";
import { STATE_COLORS } from "../lib/states";
import { niceMax, type Bar } from "./history";

const WIDTH = 600;
const HEIGHT = 160;

function describe(bar: Bar): string {
  const counts = bar.segments.map((s) => `${s.count} ${s.type.toLowerCase()}`).join(", ");
  return `${formatExact(bar.start)} – ${formatExact(bar.end)}: ${counts || "nothing"}`;
}

export function HistoryChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = niceMax(Math.max(0, ...bars.map((bar) => bar.total)));
  const slot = WIDTH / Math.max(1, bars.length);
  const gap = Math.min(2, slot * 0.2);
  const total = bars.reduce((n, bar) => n + bar.total, 0);
  return (
    <figure className="history" data-testid="history-chart" data-total={total}>
      <div className="history-plot">
        <span className="history-max muted" aria-hidden="true">
          {max}
        </span>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`${label}: ${total} state changes in ${bars.length} intervals`}
        >
          <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="history-axis" />
          {bars.map((bar, i) => {
            let y = HEIGHT;
            return (
              <g key={bar.start} className="history-bar" data-total={bar.total}>
                <title>{describe(bar)}</title>
                {/* Full-height transparent target so the title shows on hover of empty bars too. */}
                <rect x={i * slot} y={0} width={slot} height={HEIGHT} fill="transparent" />
                {bar.segments.map((segment) => {
                  const h = (segment.count / max) * HEIGHT;
                  y -= h;
                  return (
                    <rect
                      key={segment.type}
                      x={i * slot + gap / 2}
                      y={y}
                      width={slot - gap}
                      height={h}
                      fill={STATE_COLORS[segment.type]}
                    />
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      {bars.length > 0 && (
        <figcaption className="history-times muted">
          <time dateTime={bars[0]?.start}>{formatExact(bars[0]?.start ?? "")}</time>
          <time dateTime={bars.at(-1)?.end}>{formatExact(bars.at(-1)?.end ?? "")}</time>
        </figcaption>
      )}
    </figure>
  );
}
