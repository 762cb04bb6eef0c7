import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { QueryStatus } from "../lib/QueryStatus";
import { VariableQuery } from "./operations";
import { VariableEditor } from "./VariableEditor";

/** Loads the variable fresh (never from cache: the form must start from the stored value). */
export function VariableEditPage() {
  const { name = "" } = useParams();
  const [result, reexecute] = useQuery({
    query: VariableQuery,
    variables: { name },
    requestPolicy: "network-only",
  });
  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const variable = result.data?.variable;
  if (variable) return <VariableEditor key={variable.id} existing={variable} />;
  if (result.data !== undefined && !result.fetching) {
    return (
      <section className="empty">
        <h1>No variable "{name}"</h1>
        <p>It may have been deleted or renamed.</p>
        <p>
          <Link to="/variables">All variables</Link>
        </p>
      </section>
    );
  }
  return (
    <QueryStatus
      what={`variable "${name}"`}
      fetching={result.fetching}
      error={result.error?.message ?? null}
      hasData={false}
      empty={false}
      onRetry={retry}
      emptyText={null}
    />
  );
}
