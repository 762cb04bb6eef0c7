import { useFormContext } from "../context";
import type { InputProps } from "./types";

/** One of the schema's values; the option's value is its index (values may be any JSON). */
export function EnumInput({ model, path, value, required, ids, empty }: InputProps<"enum">) {
  const form = useFormContext();
  const index = model.options.findIndex((option) => JSON.stringify(option) === JSON.stringify(value));
  return (
    <select
      id={ids.id}
      required={required}
      disabled={form.disabled}
      {...ids.aria}
      value={index < 0 ? "" : String(index)}
      onChange={(event) =>
        form.onChange(path, event.target.value === "" ? empty : model.options[Number(event.target.value)])
      }
    >
      <option value="">{required ? "Choose…" : "—"}</option>
      {model.options.map((option, i) => (
        <option key={i} value={String(i)}>
          {typeof option === "string" ? option : JSON.stringify(option)}
        </option>
      ))}
    </select>
  );
}
