import type { RunResultFragment, StateType } from "../gql/graphql";
import { RelativeTime } from "../lib/Time";
import { JsonBlock } from "./JsonBlock";

/** The persisted result of a run's current state, or why there is none to show. */
export function ResultView({
  result,
  stateType,
  now,
}: {
  result: RunResultFragment | null | undefined;
  stateType: StateType | null | undefined;
  now: number;
}) {
  if (result === null || result === undefined) {
    return (
      <p className="muted">
        {stateType === "COMPLETED"
          ? "No persisted result (the run returned nothing, or its result was not persisted)."
          : "No result yet."}
      </p>
    );
  }
  return (
    <div className="result">
      {result.value !== null && result.value !== undefined ? (
        <JsonBlock value={result.value} empty="null" />
      ) : (
        <p className="muted">{result.note ?? "The value cannot be shown here."}</p>
      )}
      <dl className="facts">
        <dt>Serializer</dt>
        <dd>{result.serializer}</dd>
        <dt>Storage key</dt>
        <dd>
          <code>{result.storageKey}</code>
        </dd>
        <dt>Stored in</dt>
        <dd>
          <code>{result.basepath}</code>{" "}
          {result.available ? "" : <span className="muted">(not readable by the server)</span>}
        </dd>
        {result.expiration ? (
          <>
            <dt>Expires</dt>
            <dd>
              <RelativeTime iso={result.expiration} now={now} />
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
