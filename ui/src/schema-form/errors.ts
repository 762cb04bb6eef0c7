/** Errors by field: the client's (ajv) and the server's (payload `errors` with `field` paths). */
import type { ErrorObject } from "ajv";

import type { Path } from "./model";
import { getIn } from "./values";
import { isVariableReference } from "./variables";

/** Messages by field, keyed by `pathKey(path)`; the root's key is "". */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export function pathKey(path: Path): string {
  return path.map(String).join("/");
}

export function pathFromKey(key: string): Path {
  return key === "" ? [] : key.split("/").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function pathFromPointer(pointer: string): Path {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function add(into: Record<string, string[]>, path: Path, message: string): void {
  const key = pathKey(path);
  const messages = into[key] ?? (into[key] = []);
  if (!messages.includes(message)) messages.push(message);
}

function ajvMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case "required":
      return "Required";
    case "format":
      return `Must be a valid ${String(error.params.format)}`;
    case "enum":
      return "Must be one of the listed values";
    case "type":
      return `Must be ${String(error.params.type).replace(",", " or ")}`;
    default:
      return error.message !== undefined ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : "Invalid";
  }
}

/** ajv's errors next to their fields; a missing property's error goes to that property. */
export function ajvErrorsToFieldErrors(errors: readonly ErrorObject[]): FieldErrors {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = pathFromPointer(error.instancePath);
    // anyOf reports each failed branch too: the summary says enough.
    if (error.schemaPath.includes("/anyOf/") || error.schemaPath.includes("/oneOf/")) continue;
    if (error.keyword === "required" && typeof error.params.missingProperty === "string") {
      add(fields, [...path, error.params.missingProperty], "Required");
    } else if (error.keyword === "anyOf" || error.keyword === "oneOf") {
      add(fields, path, "Does not match any of the allowed types");
    } else {
      add(fields, path, ajvMessage(error));
    }
  }
  return fields;
}

export interface ServerError {
  code: string;
  message: string;
  field: readonly string[];
}

/**
 * The API's payload errors split into those of the form's fields (whose
 * `field` path starts with `prefix`, such as `["input", "data"]`) and the rest.
 * A path that names the input itself (`["input"]`) or nothing is the rest's.
 */
export function serverErrorsToFieldErrors(
  errors: readonly ServerError[],
  prefix: readonly string[],
): { fields: FieldErrors; others: ServerError[] } {
  const fields: Record<string, string[]> = {};
  const others: ServerError[] = [];
  for (const error of errors) {
    let field = [...error.field];
    if (field[0] === "input" && prefix[0] !== "input") field = field.slice(1);
    const inside = prefix.every((part, index) => field[index] === part);
    if (inside && field.length > prefix.length) {
      const path = field.slice(prefix.length).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      add(fields, path, error.message);
    } else {
      others.push(error);
    }
  }
  return { fields, others };
}

export function mergeErrors(...all: FieldErrors[]): FieldErrors {
  const merged: Record<string, string[]> = {};
  for (const errors of all) {
    for (const [key, messages] of Object.entries(errors)) {
      for (const message of messages) {
        const list = merged[key] ?? (merged[key] = []);
        if (!list.includes(message)) list.push(message);
      }
    }
  }
  return merged;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((messages) => messages.length > 0);
}

/** Without the errors at `path` and below it (the user changed that field). */
export function withoutUnder(errors: FieldErrors, path: Path): FieldErrors {
  const key = pathKey(path);
  return Object.fromEntries(
    Object.entries(errors).filter(([other]) => !(key === "" || other === key || other.startsWith(`${key}/`))),
  );
}

/** Without errors at fields holding variable references: only the server can judge those. */
export function withoutVariables(errors: FieldErrors, value: unknown): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([key]) => !isVariableReference(getIn(value, pathFromKey(key)))),
  );
}
