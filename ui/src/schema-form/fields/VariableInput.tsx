import { useQuery } from "urql";

import { useFormContext } from "../context";
import { VariableOptionsQuery } from "../operations";
import { variableReference, type VariableReference } from "../variables";
import type { FieldIds } from "./ids";
import type { Path } from "../model";

/** A field whose value comes from a variable, chosen by name. */
export function VariableInput({ path, value, ids }: { path: Path; value: VariableReference; ids: FieldIds }) {
  const form = useFormContext();
  const [result, reexecute] = useQuery({ query: VariableOptionsQuery, requestPolicy: "cache-and-network" });
  const names = result.data?.variables.edges.map((edge) => edge.node.name) ?? [];
  if (value.name !== "" && !names.includes(value.name)) names.unshift(value.name);
  return (
    <>
      <select
        id={ids.id}
        disabled={form.disabled}
        {...ids.aria}
        value={value.name}
        onChange={(event) => form.onChange(path, variableReference(event.target.value))}
      >
        <option value="">{result.fetching && names.length === 0 ? "Loading…" : "Choose a variable…"}</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {result.error !== undefined && (
        <p className="sf-hint" role="alert">
          Could not load variables: {result.error.message}{" "}
          <button type="button" onClick={() => reexecute({ requestPolicy: "network-only" })}>
            Retry
          </button>
        </p>
      )}
      {result.data !== undefined && names.length === 0 && <p className="sf-hint">No variables yet.</p>}
    </>
  );
}
