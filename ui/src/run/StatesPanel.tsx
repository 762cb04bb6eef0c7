import { useEffect } from "react";
import { useQuery } from "urql";

import { LoadError } from "../lib/QueryState";
import { FlowRunStatesQuery } from "./operations";
import { StateHistory } from "./StateHistory";

/** The flow run's state history, re-read whenever its current state changes. */
export function StatesPanel({
  flowRunId,
  stateId,
  now,
}: {
  flowRunId: string;
  stateId: string | undefined;
  now: number;
}) {
  const [result, reexecute] = useQuery({ query: FlowRunStatesQuery, variables: { id: flowRunId } });
  useEffect(() => {
    if (stateId !== undefined) reexecute({ requestPolicy: "network-only" });
  }, [stateId, reexecute]);
  const history = result.data?.flowRun?.stateHistory;
  if (result.error && history === undefined) {
    return (
      <LoadError
        what="the state history"
        error={result.error.message}
        retry={() => reexecute({ requestPolicy: "network-only" })}
      />
    );
  }
  if (history === undefined)
    return (
      <p className="muted" aria-busy="true">
        Loading states…
      </p>
    );
  return <StateHistory states={history.edges.map((edge) => edge.node)} now={now} />;
}
