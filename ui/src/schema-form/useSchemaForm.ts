/**
 * A SchemaForm's state: its value, client errors (live once the user first
 * tries to submit), server errors (until their field changes) and raw JSON
 * editors whose text does not parse.
 */
import { useCallback, useMemo, useState } from "react";

import { hasErrors, mergeErrors, pathKey, withoutUnder, withoutVariables, type FieldErrors } from "./errors";
import type { Path } from "./model";
import type { JsonSchema } from "./schema";
import type { SchemaFormProps } from "./SchemaForm";
import { createValidator } from "./validate";
import { initialValue, setIn } from "./values";

export interface SchemaFormState {
  value: unknown;
  errors: FieldErrors;
  /** Why the schema could not be checked on the client, if it could not. */
  problem: string | null;
  /** Spread on <SchemaForm>. */
  props: Omit<SchemaFormProps, "idPrefix" | "allowVariables" | "disabled">;
  /** Validates everything and shows errors from now on; true when the value may be sent. */
  check: () => boolean;
  setServerErrors: (errors: FieldErrors) => void;
}

export function useSchemaForm(schema: JsonSchema, initial?: unknown): SchemaFormState {
  const [value, setValue] = useState<unknown>(() => initial ?? initialValue(schema, schema));
  const [checking, setChecking] = useState(false);
  const [server, setServer] = useState<FieldErrors>({});
  const [unparsed, setUnparsed] = useState<Record<string, string>>({});
  const { validate, problem } = useMemo(() => createValidator(schema), [schema]);

  const client = useMemo(
    () => (checking ? withoutVariables(validate(value), value) : {}),
    [checking, validate, value],
  );
  const parseErrors = useMemo(
    () => Object.fromEntries(Object.entries(unparsed).map(([key, message]) => [key, [message]])),
    [unparsed],
  );
  const errors = useMemo(() => mergeErrors(parseErrors, client, server), [parseErrors, client, server]);

  const onChange = useCallback((path: Path, next: unknown) => {
    setValue((current: unknown) => setIn(current, path, next));
    setServer((current) => withoutUnder(current, path));
  }, []);

  const onInvalid = useCallback((path: Path, message: string | null) => {
    setUnparsed((current) => {
      const key = pathKey(path);
      if (message === null) {
        if (!(key in current)) return current;
        const { [key]: _gone, ...rest } = current;
        return rest;
      }
      return current[key] === message ? current : { ...current, [key]: message };
    });
  }, []);

  const check = useCallback(() => {
    setChecking(true);
    return Object.keys(unparsed).length === 0 && !hasErrors(withoutVariables(validate(value), value));
  }, [unparsed, validate, value]);

  return {
    value,
    errors,
    problem,
    props: { schema, value, errors, onChange, onInvalid },
    check,
    setServerErrors: setServer,
  };
}
