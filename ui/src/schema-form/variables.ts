/**
 * A variable reference: a field whose value is read from a flowql variable
 * when the run starts, `{"__flowql_kind": "variable", "name": "..."}`
 * (Prefect marks its special parameter values with `__prefect_kind` alike).
 */
import { isObject } from "./schema";

export const VARIABLE_KIND = "variable";

export interface VariableReference {
  __flowql_kind: typeof VARIABLE_KIND;
  name: string;
}

export function variableReference(name: string): VariableReference {
  return { __flowql_kind: VARIABLE_KIND, name };
}

export function isVariableReference(value: unknown): value is VariableReference {
  return isObject(value) && value.__flowql_kind === VARIABLE_KIND && typeof value.name === "string";
}
