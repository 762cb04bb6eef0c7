/** An artifact's data, rendered by its type; unknown types and mismatched data show as JSON. */
import { ArtifactTable } from "./ArtifactTable";
import { Markdown } from "./Markdown";
import { safeImageUrl } from "./safeUrl";

export function JsonBlock({ value }: { value: unknown }) {
  return <pre className="cat-json-block">{JSON.stringify(value, null, 2)}</pre>;
}

function Progress({ value }: { value: number }) {
  const percent = Math.min(100, Math.max(0, value));
  return (
    <div className="cat-artifact-progress">
      <div
        className="cat-progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label="Progress"
      >
        <div className="cat-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="cat-progress-label">{Number.isInteger(percent) ? percent : percent.toFixed(1)} %</span>
    </div>
  );
}

function Image({ url }: { url: string }) {
  const safe = safeImageUrl(url);
  if (safe === null) return <p className="banner error">Not shown: {url} is not a web image address.</p>;
  return (
    <figure className="cat-artifact-image">
      <img src={safe} alt="Artifact image" />
      <figcaption>
        <a href={safe} target="_blank" rel="noreferrer">
          {safe.length > 120 ? `${safe.slice(0, 120)}…` : safe}
        </a>
      </figcaption>
    </figure>
  );
}

export function ArtifactData({ type, data }: { type: string; data: unknown }) {
  if (data === null || data === undefined) return <p className="muted">No data.</p>;
  switch (type) {
    case "markdown":
    case "link":
      return typeof data === "string" ? <Markdown text={data} /> : <JsonBlock value={data} />;
    case "table":
      return <ArtifactTable data={data} />;
    case "progress":
      return typeof data === "number" ? <Progress value={data} /> : <JsonBlock value={data} />;
    case "image":
      return typeof data === "string" ? <Image url={data} /> : <JsonBlock value={data} />;
    default:
      return <JsonBlock value={data} />;
  }
}
