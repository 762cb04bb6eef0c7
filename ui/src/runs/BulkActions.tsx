/** Cancel or delete the selected runs (delete asks first), then say what happened to each. */
import { useState } from "react";
import { useClient } from "urql";

import { cancelRuns, deleteRuns, type BulkOutcome, type BulkRun } from "./bulk";

type Pending = "cancel" | "delete" | null;

function plural(n: number): string {
  return `${n} run${n === 1 ? "" : "s"}`;
}

function Outcomes({ verb, outcomes, onDismiss }: { verb: string; outcomes: BulkOutcome[]; onDismiss: () => void }) {
  const refused = outcomes.filter((o) => !o.ok);
  const done = outcomes.length - refused.length;
  return (
    <div className={`banner ${refused.length ? "warning" : "success"}`} role="status" data-testid="bulk-outcome">
      {done > 0 && `${verb} ${plural(done)}. `}
      {refused.length > 0 && (
        <>
          {plural(refused.length)} refused:
          <ul className="bulk-refusals">
            {refused.map((o) => (
              <li key={o.id}>
                <strong>{o.name}</strong>: {o.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function BulkActions({ runs, onDone }: { runs: BulkRun[]; onDone: (ids: string[]) => void }) {
  const client = useClient();
  const [confirming, setConfirming] = useState<Pending>(null);
  const [busy, setBusy] = useState<Pending>(null);
  const [result, setResult] = useState<{ verb: string; outcomes: BulkOutcome[] } | null>(null);

  const run = async (action: "cancel" | "delete") => {
    setConfirming(null);
    setBusy(action);
    try {
      const outcomes = await (action === "cancel" ? cancelRuns(client, runs) : deleteRuns(client, runs));
      setResult({ verb: action === "cancel" ? "Cancelled" : "Deleted", outcomes });
      onDone(outcomes.filter((o) => o.ok).map((o) => o.id));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {runs.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected runs">
          <span>{plural(runs.length)} selected</span>
          <button type="button" disabled={busy !== null} onClick={() => setConfirming("cancel")}>
            {busy === "cancel" ? "Cancelling…" : "Cancel runs"}
          </button>
          <button type="button" className="danger" disabled={busy !== null} onClick={() => setConfirming("delete")}>
            {busy === "delete" ? "Deleting…" : "Delete"}
          </button>
        </div>
      )}
      {confirming !== null && runs.length > 0 && (
        <div className="confirm" role="alertdialog" aria-labelledby="bulk-confirm-text">
          <p id="bulk-confirm-text">
            {confirming === "delete"
              ? `Delete ${plural(runs.length)} with their task runs, states and logs? This cannot be undone.`
              : `Cancel ${plural(runs.length)}? Running ones go to Cancelling, waiting ones to Cancelled.`}
          </p>
          <button
            type="button"
            className={confirming === "delete" ? "danger" : ""}
            autoFocus
            onClick={() => void run(confirming)}
          >
            {confirming === "delete" ? `Delete ${plural(runs.length)}` : `Cancel ${plural(runs.length)}`}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Keep them
          </button>
        </div>
      )}
      {result !== null && <Outcomes verb={result.verb} outcomes={result.outcomes} onDismiss={() => setResult(null)} />}
    </>
  );
}
