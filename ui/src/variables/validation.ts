/**
 * The variable form's checks, mirroring the server's (core/variables.py,
 * services/validation.py) so a mistake is named before anything is sent;
 * the server checks again and its payload errors are shown the same way.
 */

export const MAX_NAME_LENGTH = 255;
export const MAX_VALUE_LENGTH = 5_000;
export const MAX_TAG_LENGTH = 100;
const NAME = /^[a-z0-9_-]+$/;

export type Field = "name" | "value" | "tags";
export type FieldErrors = Partial<Record<Field, string>>;

export interface VariableForm {
  name: string;
  value: string;
  tags: string;
}

export interface VariableInput {
  name: string;
  value: unknown;
  tags: string[];
}

export function nameProblem(name: string): string | null {
  if (name === "") return "variable name must not be empty";
  if (name.length > MAX_NAME_LENGTH) {
    return `variable name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  }
  if (!NAME.test(name)) {
    return `variable name "${name}" must only contain lowercase letters, numbers, dashes and underscores`;
  }
  return null;
}

/** The value as Python's `json.dumps` writes it (", " and ": " separators, non-ASCII escaped): the server measures that. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`)
      .join(", ")}}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  return JSON.stringify(value) ?? "null";
}

export type ValueResult = { ok: true; value: unknown } | { ok: false; problem: string };

export function parseValue(text: string): ValueResult {
  if (text.trim() === "") {
    return { ok: false, problem: 'the value must be JSON, e.g. "text", 42, true, null, [1, 2] or {"key": "value"}' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `the value is not valid JSON (${detail}); text needs double quotes: "text"` };
  }
  const size = pythonJson(value).length;
  if (size > MAX_VALUE_LENGTH) {
    return { ok: false, problem: `the value is ${size.toLocaleString("en")} characters long as JSON; the limit is 5,000` };
  }
  return { ok: true, value };
}

/** Tags from "a, b, a": trimmed, empty ones dropped, first occurrence kept. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim()).filter((tag) => tag !== ""))];
}

export function tagsProblem(tags: readonly string[]): string | null {
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  return long === undefined ? null : `tag "${long.slice(0, 20)}…" is ${long.length} characters long; tags are 1 to ${MAX_TAG_LENGTH}`;
}

export type Validation = { ok: true; input: VariableInput } | { ok: false; errors: FieldErrors };

export function validateVariable(form: VariableForm): Validation {
  const errors: FieldErrors = {};
  const name = nameProblem(form.name);
  if (name !== null) errors.name = name;
  const value = parseValue(form.value);
  if (!value.ok) errors.value = value.problem;
  const tags = parseTags(form.tags);
  const tagError = tagsProblem(tags);
  if (tagError !== null) errors.tags = tagError;
  if (!value.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { name: form.name, value: value.value, tags } };
}

export interface UserError {
  message: string;
  field: readonly string[];
  code: string;
}

/** The server's payload errors by form field (`newName` is the name field); the rest for the whole form. */
export function errorsByField(errors: readonly UserError[]): { fields: FieldErrors; form: string[] } {
  const fields: FieldErrors = {};
  const form: string[] = [];
  for (const error of errors) {
    const last = error.field[error.field.length - 1];
    const field: Field | null =
      last === "name" || last === "newName" ? "name" : last === "value" ? "value" : last === "tags" ? "tags" : null;
    if (field === null) form.push(error.message);
    else fields[field] = fields[field] ? `${fields[field]}; ${error.message}` : error.message;
  }
  return { fields, form };
}
