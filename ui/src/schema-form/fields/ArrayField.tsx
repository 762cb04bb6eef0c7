import { useFormContext } from "../context";
import { initialValue } from "../values";
import { FieldGroup } from "./FieldFrame";
import { Field } from "./Field";
import type { InputProps } from "./types";

/** A list: each item its own field, with buttons to add and remove items. */
export function ArrayField({ model, path, value, required, ids }: InputProps<"array">) {
  const form = useFormContext();
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const add = () => form.onChange(path, [...items, initialValue(model.items, form.schema.root)]);
  const remove = (index: number) => form.onChange(path, items.filter((_item, i) => i !== index));
  return (
    <FieldGroup ids={ids} label={model.label} required={required} description={model.description}>
      {items.length === 0 && <p className="sf-hint">No items.</p>}
      <ol className="sf-items">
        {items.map((item, index) => (
          <li key={index} className="sf-item">
            <Field
              schema={model.items}
              path={[...path, index]}
              value={item}
              required
              name={`${model.label} ${index + 1}`}
              item
            />
            <button
              type="button"
              className="sf-remove"
              disabled={form.disabled}
              onClick={() => remove(index)}
              aria-label={`Remove ${model.label} ${index + 1}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button type="button" disabled={form.disabled} onClick={add}>
        Add {model.label.toLowerCase()} item
      </button>
    </FieldGroup>
  );
}
