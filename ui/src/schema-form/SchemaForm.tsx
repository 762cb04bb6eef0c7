/**
 * A form for any JSON Schema the API returns (block schemas, flow parameters):
 * a controlled component; `useSchemaForm` holds its state. Errors (the
 * client's and the server's) are keyed by field path and shown next to the
 * fields.
 */
import { useMemo } from "react";

import { FormContext, type FormContextValue } from "./context";
import type { FieldErrors } from "./errors";
import { Field } from "./fields/Field";
import { ObjectFields } from "./fields/ObjectFields";
import { fieldModel, schemaContext, type Path } from "./model";
import type { JsonSchema } from "./schema";
import "./schema-form.css";

export interface SchemaFormProps {
  schema: JsonSchema;
  value: unknown;
  errors: FieldErrors;
  onChange: (path: Path, value: unknown) => void;
  onInvalid: (path: Path, message: string | null) => void;
  /** Prefixes the inputs' ids: unique per form on a page. */
  idPrefix?: string;
  /** Offer "Use a variable" on value fields. */
  allowVariables?: boolean;
  disabled?: boolean;
}

const ROOT: Path = [];

export function SchemaForm({
  schema,
  value,
  errors,
  onChange,
  onInvalid,
  idPrefix = "sf",
  allowVariables = false,
  disabled = false,
}: SchemaFormProps) {
  const context = useMemo(() => schemaContext(schema), [schema]);
  const shared = useMemo<FormContextValue>(
    () => ({ schema: context, errors, idPrefix, allowVariables, disabled, onChange, onInvalid }),
    [context, errors, idPrefix, allowVariables, disabled, onChange, onInvalid],
  );
  const root = useMemo(() => fieldModel(schema, ROOT, context), [schema, context]);
  const rootErrors = errors[""] ?? [];
  return (
    <FormContext.Provider value={shared}>
      <div className="schema-form">
        {rootErrors.length > 0 && (
          <ul className="sf-errors">
            {rootErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        {root.kind === "object" ? (
          <ObjectFields properties={root.properties} path={ROOT} value={value} />
        ) : (
          <Field schema={schema} path={ROOT} value={value} required />
        )}
      </div>
    </FormContext.Provider>
  );
}
