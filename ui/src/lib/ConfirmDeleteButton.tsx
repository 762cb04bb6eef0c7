/** Delete in two steps (Delete, then Confirm) so one stray click loses nothing. */
import { useState } from "react";

interface Props {
  /** What is deleted, as the question names it. */
  name: string;
  /** Deletes; resolves to null when done, else the reason it was not. */
  remove: () => Promise<string | null>;
  onDeleted: () => void;
}

export function ConfirmDeleteButton({ name, remove, onDeleted }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    const problem = await remove().catch((failure: unknown) => String(failure));
    setBusy(false);
    setError(problem);
    setConfirming(false);
    if (problem === null) onDeleted();
  }

  return (
    <span className="confirm-delete">
      {confirming ? (
        <>
          <span role="status">Delete “{name}”? This cannot be undone.</span>
          <button
            type="button"
            className="danger"
            aria-label={`Confirm deleting ${name}`}
            disabled={busy}
            onClick={() => void confirm()}
            autoFocus
          >
            {busy ? "Deleting…" : "Confirm delete"}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
      {error !== null && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
