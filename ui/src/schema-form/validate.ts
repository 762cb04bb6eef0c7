/** Client-side validation with ajv (+ ajv-formats), errors keyed by field. */
import Ajv from "ajv";
import addFormats from "ajv-formats";

import { ajvErrorsToFieldErrors, type FieldErrors } from "./errors";
import { schemaContext } from "./model";
import { deref, isObject, type JsonSchema } from "./schema";

/** A nested block is sent as a reference, not as the block's fields. */
const REFERENCE: JsonSchema = {
  type: "object",
  required: ["$ref"],
  properties: { $ref: { type: "object", required: ["block_document_id"] } },
};

/** The schema the value is checked against: block fields take references. */
export function validationSchema(schema: JsonSchema): JsonSchema {
  const context = schemaContext(schema);
  if (!isObject(schema.properties)) return schema;
  const required = new Set(schema.required ?? []);
  const properties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const isBlock =
      context.blockFields.has(name) || typeof deref(property, schema).block_type_slug === "string";
    properties[name] = !isBlock ? property : required.has(name) ? REFERENCE : { anyOf: [REFERENCE, { type: "null" }] };
  }
  return { ...schema, properties };
}

export type Validate = (value: unknown) => FieldErrors;

/**
 * A validator for `schema`. A schema ajv cannot compile validates nothing
 * (the server still checks) and says why in `problem`.
 */
export function createValidator(schema: JsonSchema): { validate: Validate; problem: string | null } {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  try {
    const check = ajv.compile(validationSchema(schema));
    return {
      problem: null,
      validate(value) {
        // undefined (an emptied optional field) is absent, as it is in the JSON sent.
        const json: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
        return check(json) ? {} : ajvErrorsToFieldErrors(check.errors ?? []);
      },
    };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error), validate: () => ({}) };
  }
}
