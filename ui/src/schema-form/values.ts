/** The form's value: plain JSON edited by path, with the defaults a schema gives. */
import type { Path } from "./model";
import { deref, isObject, type JsonSchema } from "./schema";

/** How the API shows a stored secret; sending it back keeps the stored one. */
export const SECRET_MASK = "********";

export function getIn(value: unknown, path: Path): unknown {
  let node = value;
  for (const part of path) {
    if (typeof part === "number") node = Array.isArray(node) ? node[part] : undefined;
    else node = isObject(node) ? node[part] : undefined;
  }
  return node;
}

/** `value` with `next` at `path` (a copy; `undefined` removes an object's key). */
export function setIn(value: unknown, path: Path, next: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return next;
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    list[head] = setIn(list[head], rest, next);
    return list;
  }
  const object: Record<string, unknown> = isObject(value) ? { ...value } : {};
  const child = setIn(object[head], rest, next);
  if (child === undefined) delete object[head];
  else object[head] = child;
  return object;
}

/**
 * A starting value for a schema: its default, else an object of its
 * properties' defaults, else nothing (the field starts empty).
 */
export function initialValue(schema: JsonSchema, root: JsonSchema, nested = false): unknown {
  const resolved = deref(schema, root);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (resolved.const !== undefined) return resolved.const;
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  if (type === "object" && isObject(resolved.properties)) {
    const object: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(resolved.properties)) {
      const value = initialValue(property, root, true);
      if (value !== undefined) object[name] = value;
    }
    // An optional nested object without defaults stays absent rather than `{}`.
    return nested && Object.keys(object).length === 0 ? undefined : object;
  }
  if (type === "array") return [];
  return undefined;
}

/** A nested block as the API takes it. */
export function blockReference(id: string): { $ref: { block_document_id: string } } {
  return { $ref: { block_document_id: id } };
}

/** The id of a `{"$ref": {"block_document_id": id}}` value, or null. */
export function referencedBlockId(value: unknown): string | null {
  if (!isObject(value) || !isObject(value.$ref)) return null;
  const id = value.$ref.block_document_id;
  return typeof id === "string" ? id : null;
}

/** JSON with object keys sorted, to compare two values. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** An ISO date-time as a `datetime-local` input shows it (local time, to the second). */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A `datetime-local` input's value (local time) as ISO 8601 in UTC; "" stays "". */
export function localInputToIso(local: string): string {
  if (local === "") return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}
