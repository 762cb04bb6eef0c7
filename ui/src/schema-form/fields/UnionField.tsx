import { useState } from "react";

import { useFormContext } from "../context";
import { matchOption } from "../model";
import { initialValue } from "../values";
import { FieldGroup } from "./FieldFrame";
import { Field } from "./Field";
import type { InputProps } from "./types";

/** One of several types: a picker for the type, then that type's field. */
export function UnionField({ model, path, value, required, ids }: InputProps<"union">) {
  const form = useFormContext();
  const [chosen, setChosen] = useState(() => matchOption(value, model.options, form.schema.root));
  const option = model.options[chosen] ?? model.options[0];
  const pickerId = `${ids.id}-type`;
  return (
    <FieldGroup ids={ids} label={model.label} required={required} description={model.description}>
      <div className="sf-field sf-picker">
        <label htmlFor={pickerId}>{model.label} type</label>
        <select
          id={pickerId}
          disabled={form.disabled}
          value={String(chosen)}
          onChange={(event) => {
            const index = Number(event.target.value);
            setChosen(index);
            const next = model.options[index];
            if (next !== undefined) form.onChange(path, initialValue(next.schema, form.schema.root));
          }}
        >
          {model.options.map((item, index) => (
            <option key={index} value={String(index)}>
              {item.label}
            </option>
          ))}
        </select>
      </div>
      {option !== undefined && (
        <Field
          key={chosen}
          schema={option.schema}
          path={path}
          value={value}
          required={required}
          name={`${model.label} (${option.label})`}
          bare
        />
      )}
    </FieldGroup>
  );
}
