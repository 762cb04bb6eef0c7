import { useState } from "react";

import { useFormContext } from "../context";
import type { InputProps } from "./types";

/** A number; text that is not one yet (such as "-") is kept on screen and flagged by validation. */
export function NumberInput({ model, path, value, required, ids, empty }: InputProps<"number">) {
  const form = useFormContext();
  const shown = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      id={ids.id}
      type="text"
      inputMode={model.integer ? "numeric" : "decimal"}
      required={required}
      disabled={form.disabled}
      {...ids.aria}
      value={draft ?? shown}
      onChange={(event) => {
        const text = event.target.value;
        const trimmed = text.trim();
        const number = Number(trimmed);
        if (trimmed === "") {
          setDraft(null);
          form.onChange(path, empty);
        } else if (Number.isFinite(number)) {
          setDraft(text);
          form.onChange(path, number);
        } else {
          setDraft(text);
          form.onChange(path, text); // a string: validation says "Must be number"
        }
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
