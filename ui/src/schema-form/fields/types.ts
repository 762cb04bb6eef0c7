import type { FieldModel, Path } from "../model";
import type { FieldIds } from "./ids";

/** What each input gets: its model (narrowed to its kind), where it is, its value. */
export interface InputProps<K extends FieldModel["kind"] = FieldModel["kind"]> {
  model: Extract<FieldModel, { kind: K }>;
  path: Path;
  value: unknown;
  required: boolean;
  ids: FieldIds;
  /** What an emptied input sends: null for `X | None`, else nothing. */
  empty: null | undefined;
}
