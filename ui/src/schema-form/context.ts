/** What every field of one SchemaForm shares: the schema's context, errors, ids and callbacks. */
import { createContext, useContext } from "react";

import type { FieldErrors } from "./errors";
import type { Path, SchemaContext } from "./model";

export interface FormContextValue {
  schema: SchemaContext;
  errors: FieldErrors;
  idPrefix: string;
  /** Offer "use a variable" on value fields (deployment parameters; not blocks). */
  allowVariables: boolean;
  disabled: boolean;
  onChange: (path: Path, value: unknown) => void;
  /** A raw JSON editor's text does not parse (message) or parses again (null). */
  onInvalid: (path: Path, message: string | null) => void;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useFormContext(): FormContextValue {
  const value = useContext(FormContext);
  if (value === null) throw new Error("a SchemaForm field outside <SchemaForm>");
  return value;
}
