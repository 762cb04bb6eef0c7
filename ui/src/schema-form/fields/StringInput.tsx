import { useFormContext } from "../context";
import { isoToLocalInput, localInputToIso } from "../values";
import type { InputProps } from "./types";

/** Text, with the browser's date and date-time pickers for those formats. */
export function StringInput({ model, path, value, required, ids, empty }: InputProps<"string">) {
  const form = useFormContext();
  const text = typeof value === "string" ? value : "";
  const common = { id: ids.id, required, disabled: form.disabled, ...ids.aria };
  if (model.format === "date-time") {
    return (
      <input
        {...common}
        type="datetime-local"
        step={1}
        value={isoToLocalInput(text)}
        onChange={(event) => form.onChange(path, event.target.value === "" ? empty : localInputToIso(event.target.value))}
      />
    );
  }
  const type = model.format === "date" ? "date" : model.format === "email" ? "email" : model.format === "uri" ? "url" : "text";
  const long = typeof model.schema.maxLength !== "number" && (model.format === "textarea" || text.includes("\n"));
  if (long) {
    return (
      <textarea
        {...common}
        rows={4}
        value={text}
        onChange={(event) => form.onChange(path, event.target.value === "" ? empty : event.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type={type}
      value={text}
      onChange={(event) => form.onChange(path, event.target.value === "" ? empty : event.target.value)}
    />
  );
}
