/** SchemaForm: a form for any JSON Schema, with flowql's block and variable references. */
export { SchemaForm, type SchemaFormProps } from "./SchemaForm";
export { useSchemaForm, type SchemaFormState } from "./useSchemaForm";
export { serverErrorsToFieldErrors, type FieldErrors, type ServerError } from "./errors";
export type { JsonSchema } from "./schema";
export { SECRET_MASK } from "./values";
