import type { InputProps } from "./types";

/** A value the schema fixes: shown, not edited. */
export function ConstInput({ model, ids }: InputProps<"const">) {
  return (
    <output id={ids.id} className="sf-const">
      {JSON.stringify(model.value)}
    </output>
  );
}
