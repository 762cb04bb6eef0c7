import { useFormContext } from "../context";
import type { InputProps } from "./types";

export function BooleanInput({ path, value, ids }: InputProps<"boolean">) {
  const form = useFormContext();
  return (
    <input
      id={ids.id}
      type="checkbox"
      className="sf-checkbox"
      disabled={form.disabled}
      {...ids.aria}
      checked={value === true}
      onChange={(event) => form.onChange(path, event.target.checked)}
    />
  );
}
