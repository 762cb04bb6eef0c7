/**
 * From a JSON Schema node to the field the form renders: one pure function,
 * so what each schema becomes is tested without a DOM.
 */
import { deref, isObject, type JsonSchema } from "./schema";

export type Path = (string | number)[];

export interface UnionOption {
  label: string;
  schema: JsonSchema;
}

export interface PropertyModel {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

export type FieldKind =
  | { kind: "string"; format: string | null }
  | { kind: "number"; integer: boolean }
  | { kind: "boolean" }
  | { kind: "enum"; options: unknown[] }
  | { kind: "const"; value: unknown }
  | { kind: "secret" }
  | { kind: "array"; items: JsonSchema }
  | { kind: "object"; properties: PropertyModel[] }
  | { kind: "union"; options: UnionOption[] }
  | { kind: "json" }
  | { kind: "block"; blockTypeSlug: string }
  | { kind: "null" };

export type FieldModel = FieldKind & {
  label: string;
  description: string | null;
  /** The node with `$ref`s followed. */
  schema: JsonSchema;
  /** `null` is one of the allowed values (`X | None`): an emptied field sends null. */
  nullable: boolean;
};

/** What a node means given where it is: the root schema (definitions, secret and block fields). */
export interface SchemaContext {
  root: JsonSchema;
  /** Dotted paths of the root's `secret_fields`. */
  secretPaths: ReadonlySet<string>;
  /** Top-level fields holding blocks (`block_schema_references`), to their block type's slug. */
  blockFields: ReadonlyMap<string, string>;
}

export function schemaContext(root: JsonSchema): SchemaContext {
  const blockFields = new Map<string, string>();
  if (isObject(root.block_schema_references)) {
    for (const [name, reference] of Object.entries(root.block_schema_references)) {
      if (isObject(reference) && typeof reference.block_type_slug === "string") {
        blockFields.set(name, reference.block_type_slug);
      }
    }
  }
  const secretPaths = new Set(Array.isArray(root.secret_fields) ? root.secret_fields : []);
  return { root, secretPaths, blockFields };
}

/** "max_retries" → "Max retries" when a schema has no title. */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return typeof schema.type === "string" ? [schema.type] : [];
}

function isNullSchema(schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = deref(schema, root);
  const t = types(resolved);
  return (t.length === 1 && t[0] === "null") || resolved.const === null;
}

/** A short name for a union's option: its title, its type, or its enum values. */
export function optionLabel(schema: JsonSchema, root: JsonSchema, index: number): string {
  const resolved = deref(schema, root);
  if (typeof resolved.title === "string") return resolved.title;
  if (resolved.const !== undefined) return JSON.stringify(resolved.const);
  const t = types(resolved);
  if (t.length > 0) {
    const named = t.join(" or ");
    return resolved.format !== undefined ? `${named} (${resolved.format})` : named;
  }
  return `Option ${index + 1}`;
}

function isSecretPath(path: Path, context: SchemaContext): boolean {
  return context.secretPaths.has(path.map((part) => (typeof part === "number" ? "*" : part)).join("."));
}

function kindOf(schema: JsonSchema, path: Path, context: SchemaContext): FieldKind {
  const top = path.length === 1 && typeof path[0] === "string" ? context.blockFields.get(path[0]) : undefined;
  if (top !== undefined) return { kind: "block", blockTypeSlug: top };
  if (path.length > 0 && typeof schema.block_type_slug === "string") {
    return { kind: "block", blockTypeSlug: schema.block_type_slug };
  }
  if (schema.format === "password" || schema.writeOnly === true || isSecretPath(path, context)) {
    return { kind: "secret" };
  }
  if (Array.isArray(schema.enum)) return { kind: "enum", options: schema.enum };
  if (schema.const !== undefined) return { kind: "const", value: schema.const };
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) return { kind: "union", options: unionOptions(alternatives, context.root) };
  const t = types(schema).filter((type) => type !== "null");
  if (t.length > 1) return { kind: "union", options: t.map((type) => ({ label: type, schema: { type } })) };
  switch (t[0]) {
    case "string":
      return { kind: "string", format: typeof schema.format === "string" ? schema.format : null };
    case "integer":
      return { kind: "number", integer: true };
    case "number":
      return { kind: "number", integer: false };
    case "boolean":
      return { kind: "boolean" };
    case "null":
      return { kind: "null" };
    case "array":
      return {
        kind: "array",
        items: isObject(schema.items) ? (schema.items as JsonSchema) : {},
      };
    case "object":
      if (isObject(schema.properties) && Object.keys(schema.properties).length > 0) {
        const required = new Set(schema.required ?? []);
        return {
          kind: "object",
          properties: Object.entries(schema.properties).map(([name, property]) => ({
            name,
            schema: property,
            required: required.has(name),
          })),
        };
      }
      return { kind: "json" };
    default:
      if (types(schema).includes("null")) return { kind: "null" };
      return { kind: "json" };
  }
}

function unionOptions(alternatives: JsonSchema[], root: JsonSchema): UnionOption[] {
  return alternatives
    .filter((option) => !isNullSchema(option, root))
    .map((option, index) => ({ label: optionLabel(option, root, index), schema: option }));
}

/**
 * The field for `schema` at `path` (property names and array indexes from
 * the root). `X | None` becomes a nullable X, and a union of one type plus
 * null collapses to that type.
 */
export function fieldModel(schema: JsonSchema, path: Path, context: SchemaContext, name?: string): FieldModel {
  const resolved = deref(schema, context.root);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  let nullable = types(resolved).includes("null");
  let target = resolved;
  if (Array.isArray(alternatives)) {
    const nonNull = alternatives.filter((option) => !isNullSchema(option, context.root));
    nullable = nonNull.length < alternatives.length;
    if (nonNull.length === 1 && nonNull[0] !== undefined) {
      const { anyOf: _a, oneOf: _o, ...outer } = resolved;
      target = { ...deref(nonNull[0], context.root), ...outer };
    }
  }
  const kind = kindOf(target, path, context);
  const last = path[path.length - 1];
  const fallback = name ?? (typeof last === "string" ? humanize(last) : typeof last === "number" ? `Item ${last + 1}` : "Value");
  return {
    ...kind,
    label: typeof target.title === "string" && path.length > 0 ? target.title : fallback,
    description: typeof target.description === "string" ? target.description : null,
    schema: target,
    nullable,
  };
}

/** Which option of a union a value belongs to (the first whose type fits), for the type picker. */
export function matchOption(value: unknown, options: UnionOption[], root: JsonSchema): number {
  const index = options.findIndex((option) => fits(value, deref(option.schema, root)));
  return index < 0 ? 0 : index;
}

function fits(value: unknown, schema: JsonSchema): boolean {
  if (value === undefined) return false;
  if (Array.isArray(schema.enum)) return schema.enum.some((item) => JSON.stringify(item) === JSON.stringify(value));
  if (schema.const !== undefined) return JSON.stringify(schema.const) === JSON.stringify(value);
  const t = types(schema);
  if (t.length === 0) return true;
  return t.some((type) => {
    switch (type) {
      case "string":
        return typeof value === "string";
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return isObject(value);
      case "null":
        return value === null;
      default:
        return false;
    }
  });
}
