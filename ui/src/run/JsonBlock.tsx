/** Any JSON value, readable: an object's keys as a list of name / pretty value, anything else pretty-printed. */

function pretty(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function JsonBlock({ value, empty }: { value: unknown; empty: string }) {
  if (value === null || value === undefined) return <p className="muted">{empty}</p>;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <p className="muted">{empty}</p>;
    return (
      <dl className="json-fields">
        {entries.map(([key, item]) => (
          <div key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>
              <pre className="json">{JSON.stringify(item, null, 2) ?? "undefined"}</pre>
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <pre className="json">{pretty(value)}</pre>;
}
