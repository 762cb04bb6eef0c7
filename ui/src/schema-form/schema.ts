/** JSON Schema as the API returns it (Pydantic's output plus Prefect's block keys), and `$ref` resolution. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema node: loosely typed on purpose, since it comes from the server. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  writeOnly?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  /** Prefect block schemas: dotted paths of secret fields. */
  secret_fields?: string[];
  /** Prefect block schemas: the fields holding blocks, by name. */
  block_schema_references?: Record<string, { block_type_slug?: string } | unknown>;
  /** Prefect block schemas (also on nested definitions): the block type's slug. */
  block_type_slug?: string;
  [keyword: string]: unknown;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema a local `$ref` (`#/$defs/X`, `#/definitions/X`, any JSON pointer) points to. */
export function resolveRef(ref: string, root: JsonSchema): JsonSchema | null {
  if (!ref.startsWith("#")) return null;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter((part) => part !== "")) {
    const part = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node)) return null;
    node = node[part];
  }
  return isObject(node) ? (node as JsonSchema) : null;
}

/**
 * The schema with its `$ref` followed (siblings such as title or description
 * win over the target's) and a single-element `allOf` (Pydantic's way of
 * describing a referenced field) merged in. Cycles stop after a few hops.
 */
export function deref(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  if (depth > 32) return schema;
  if (typeof schema.$ref === "string") {
    const target = resolveRef(schema.$ref, root);
    if (target === null) return schema;
    const { $ref: _ref, ...rest } = schema;
    return deref({ ...target, ...rest }, root, depth + 1);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.allOf[0] !== undefined) {
    const { allOf, ...rest } = schema;
    return deref({ ...deref(allOf[0] as JsonSchema, root, depth + 1), ...rest }, root, depth + 1);
  }
  return schema;
}
