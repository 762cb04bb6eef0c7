/** Delete in two steps (Delete, then Confirm) so one stray click loses nothing. */
import { useState } from "react";
import { useMutation } from "urql";

import { DeleteBlockDocumentMutation } from "./operations";

export function DeleteBlockDocumentButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [state, remove] = useMutation(DeleteBlockDocumentMutation);

  async function confirm() {
    const result = await remove({ input: { id } });
    const problem = result.error?.message ?? result.data?.deleteBlockDocument.errors[0]?.message ?? null;
    setError(problem);
    setConfirming(false);
    if (problem === null) onDeleted();
  }

  return (
    <span className="block-delete">
      {confirming ? (
        <>
          <span role="status">Delete “{name}”? This cannot be undone.</span>
          <button
            type="button"
            className="danger"
            disabled={state.fetching}
            onClick={() => void confirm()}
            autoFocus
          >
            {state.fetching ? "Deleting…" : "Confirm delete"}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
      {error !== null && (
        <span className="block-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
