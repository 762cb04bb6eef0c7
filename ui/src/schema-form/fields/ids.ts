/** Ids and ARIA wiring of one field: its input, its description and its errors. */
import { pathKey } from "../errors";
import type { Path } from "../model";
import { useFormContext } from "../context";

export interface FieldIds {
  id: string;
  descriptionId: string;
  errorsId: string;
  errors: readonly string[];
  /** Spread on the input. */
  aria: { "aria-describedby"?: string; "aria-invalid"?: true };
}

/** `inner`: the input of a union's chosen type, whose group shows the errors. */
export function useFieldIds(path: Path, hasDescription: boolean, inner = false): FieldIds {
  const form = useFormContext();
  const key = pathKey(path);
  const base = `${form.idPrefix}-${key === "" ? "root" : key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const id = inner ? `${base}-value` : base;
  const errors = inner ? [] : (form.errors[key] ?? []);
  const describedBy = [hasDescription ? `${id}-description` : null, errors.length > 0 ? `${id}-errors` : null]
    .filter((part) => part !== null)
    .join(" ");
  return {
    id,
    descriptionId: `${id}-description`,
    errorsId: `${id}-errors`,
    errors,
    aria: {
      ...(describedBy !== "" ? { "aria-describedby": describedBy } : {}),
      ...(errors.length > 0 ? { "aria-invalid": true as const } : {}),
    },
  };
}
