/** A save's payload errors: the name's, the data fields', and the rest for the form's banner. */
import { serverErrorsToFieldErrors, type FieldErrors, type ServerError } from "../schema-form";

export interface SaveErrors {
  name: string[];
  fields: FieldErrors;
  form: string[];
}

export function splitSaveErrors(errors: readonly ServerError[]): SaveErrors {
  const { fields, others } = serverErrorsToFieldErrors(errors, ["data"]);
  const name: string[] = [];
  const form: string[] = [];
  for (const error of others) {
    const field = error.field[0] === "input" ? error.field.slice(1) : error.field;
    if (field[0] === "name") name.push(error.message);
    else form.push(error.message);
  }
  return { name, fields, form };
}
