/**
 * Cancel and Delete. flowql has no workers or deployments, so nothing would
 * act on CANCELLING or re-run a retried run: Cancel proposes CANCELLED at
 * once (as Prefect does for a run without a deployment), and there is no Retry.
 */
import { useState } from "react";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import type { FlowRunHeaderFragment, StateType } from "../gql/graphql";
import { CancelFlowRunMutation, DeleteFlowRunMutation } from "./operations";
import { payloadError } from "./payloadError";

const CANCELLABLE: ReadonlySet<StateType> = new Set([
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "PAUSED",
  "CANCELLING",
]);

export function canCancel(type: StateType | null | undefined): boolean {
  return type !== null && type !== undefined && CANCELLABLE.has(type);
}

export function FlowRunActions({ run, onChanged }: { run: FlowRunHeaderFragment; onChanged: () => void }) {
  const navigate = useNavigate();
  const [cancelState, cancel] = useMutation(CancelFlowRunMutation);
  const [deleteState, remove] = useMutation(DeleteFlowRunMutation);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function onCancel() {
    setMessage(null);
    const result = await cancel({
      input: { flowRunId: run.id, state: { type: "CANCELLED", message: "Cancelled from the UI" } },
    });
    const payload = result.data?.setFlowRunState;
    const problem = payloadError(result.error?.message, payload?.errors);
    if (problem !== null) setMessage(`Could not cancel: ${problem}`);
    else if (payload?.status !== "ACCEPT") {
      setMessage(
        `The server did not cancel the run (${payload?.status ?? "no answer"}): ${payload?.reason ?? "no reason given"}`,
      );
    }
    onChanged();
  }

  async function onDelete() {
    setMessage(null);
    const result = await remove({ input: { id: run.id } });
    const problem = payloadError(result.error?.message, result.data?.deleteFlowRun.errors);
    if (problem !== null) {
      setMessage(`Could not delete: ${problem}`);
      setConfirming(false);
      return;
    }
    void navigate("/runs");
  }

  return (
    <div className="run-actions">
      {canCancel(run.stateType) && (
        <button type="button" onClick={() => void onCancel()} disabled={cancelState.fetching}>
          {cancelState.fetching ? "Cancelling…" : "Cancel run"}
        </button>
      )}
      {confirming ? (
        <span className="confirm" role="alertdialog" aria-label="Confirm delete">
          Delete this run with its task runs, states and logs?{" "}
          <button
            type="button"
            className="danger"
            onClick={() => void onDelete()}
            disabled={deleteState.fetching}
            autoFocus
          >
            {deleteState.fetching ? "Deleting…" : "Delete"}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      {message !== null && (
        <p className="banner error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
