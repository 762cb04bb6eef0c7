import { useEffect, useState } from "react";

import { useFormContext } from "../context";
import type { InputProps } from "./types";

function asText(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

/** Any JSON, edited as text; text that does not parse is reported, and the last good value kept. */
export function JsonInput({ path, value, required, ids, empty }: InputProps<"json">) {
  const form = useFormContext();
  const [text, setText] = useState(() => asText(value));
  const { onInvalid } = form;
  const key = path.join("/");

  // A field that goes away takes its parse error with it.
  useEffect(() => () => onInvalid(key === "" ? [] : key.split("/"), null), [onInvalid, key]);

  return (
    <textarea
      id={ids.id}
      className="sf-json"
      rows={Math.min(12, Math.max(3, text.split("\n").length))}
      spellCheck={false}
      required={required}
      disabled={form.disabled}
      placeholder='JSON, such as {"key": "value"}'
      {...ids.aria}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        if (next.trim() === "") {
          form.onInvalid(path, null);
          form.onChange(path, empty);
          return;
        }
        try {
          const parsed: unknown = JSON.parse(next);
          form.onInvalid(path, null);
          form.onChange(path, parsed);
        } catch (error) {
          form.onInvalid(path, `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
      }}
    />
  );
}
