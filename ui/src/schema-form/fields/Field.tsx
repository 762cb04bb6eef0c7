import { useMemo } from "react";

import { useFormContext } from "../context";
import { fieldModel, type Path } from "../model";
import type { JsonSchema } from "../schema";
import { initialValue } from "../values";
import { isVariableReference, variableReference } from "../variables";
import { ArrayField } from "./ArrayField";
import { BlockInput } from "./BlockInput";
import { BooleanInput } from "./BooleanInput";
import { ConstInput } from "./ConstInput";
import { EnumInput } from "./EnumInput";
import { FieldFrame, FieldGroup } from "./FieldFrame";
import { useFieldIds } from "./ids";
import { JsonInput } from "./JsonInput";
import { NumberInput } from "./NumberInput";
import { ObjectFields } from "./ObjectFields";
import { SecretInput } from "./SecretInput";
import { StringInput } from "./StringInput";
import { UnionField } from "./UnionField";
import { VariableInput } from "./VariableInput";

interface FieldProps {
  schema: JsonSchema;
  path: Path;
  value: unknown;
  required: boolean;
  /** The label when the schema has no title (else the last path part, humanized). */
  name?: string;
  /** The chosen type of a union: its group already has the label and the errors. */
  bare?: boolean;
  /** An item of a list: required, but a star on every item would be noise. */
  item?: boolean;
}

/** One field of any schema: picks the input for its kind. */
export function Field({ schema, path, value, required, name, bare = false, item = false }: FieldProps) {
  const form = useFormContext();
  const model = useMemo(() => fieldModel(schema, path, form.schema, name), [schema, path, form.schema, name]);
  const ids = useFieldIds(path, model.description !== null && !bare, bare);
  const empty = model.nullable ? null : undefined;
  const common = { path, value, required, ids, empty };

  switch (model.kind) {
    case "object":
      if (bare) return <ObjectFields properties={model.properties} path={path} value={value} />;
      return (
        <FieldGroup ids={ids} label={model.label} required={required} description={model.description}>
          <ObjectFields properties={model.properties} path={path} value={value} />
        </FieldGroup>
      );
    case "array":
      return <ArrayField model={model} {...common} />;
    case "union":
      return <UnionField model={model} {...common} />;
    case "null":
      return null;
    default:
  }

  const usesVariable = isVariableReference(value);
  const tools =
    form.allowVariables && model.kind !== "block" ? (
      <button
        type="button"
        className="sf-toggle"
        aria-pressed={usesVariable}
        disabled={form.disabled}
        onClick={() =>
          form.onChange(path, usesVariable ? initialValue(schema, form.schema.root) : variableReference(""))
        }
      >
        Use a variable
      </button>
    ) : undefined;

  let input;
  if (usesVariable) input = <VariableInput path={path} value={value} ids={ids} />;
  else if (model.kind === "string") input = <StringInput model={model} {...common} />;
  else if (model.kind === "number") input = <NumberInput model={model} {...common} />;
  else if (model.kind === "boolean") input = <BooleanInput model={model} {...common} />;
  else if (model.kind === "enum") input = <EnumInput model={model} {...common} />;
  else if (model.kind === "const") input = <ConstInput model={model} {...common} />;
  else if (model.kind === "secret") input = <SecretInput model={model} {...common} />;
  else if (model.kind === "block") input = <BlockInput model={model} {...common} />;
  else input = <JsonInput model={model} {...common} />;

  if (bare) {
    // The union's group shows the description and errors; the input still needs its label.
    return (
      <div className="sf-field">
        <label htmlFor={ids.id}>{model.label}</label>
        {input}
      </div>
    );
  }
  return (
    <FieldFrame ids={ids} label={model.label} required={required && !item} description={model.description} tools={tools}>
      {input}
    </FieldFrame>
  );
}
