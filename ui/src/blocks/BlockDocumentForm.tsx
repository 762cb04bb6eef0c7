/**
 * Create or edit a block document: its name (fixed once saved) and its data
 * through SchemaForm. Errors show next to their fields: the client's before
 * sending, the API's payload errors after.
 */
import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";

import { SchemaForm, useSchemaForm, type JsonSchema } from "../schema-form";
import { splitSaveErrors } from "./errors";
import { blockNameProblem } from "./name";
import { SaveBlockDocumentMutation } from "./operations";

interface Props {
  schema: JsonSchema;
  blockSchemaId: string;
  /** Editing: the stored document (its data arrives with secrets masked). */
  existing?: { name: string; data: unknown };
  cancelTo: string;
  onSaved: (id: string) => void;
}

export function BlockDocumentForm({ schema, blockSchemaId, existing, cancelTo, onSaved }: Props) {
  const form = useSchemaForm(schema, existing?.data);
  const [name, setName] = useState(existing?.name ?? "");
  const [nameErrors, setNameErrors] = useState<string[]>([]);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [state, save] = useMutation(SaveBlockDocumentMutation);
  const element = useRef<HTMLFormElement>(null);

  function focusFirstError() {
    // After React has rendered the messages.
    requestAnimationFrame(() => element.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const nameProblem = existing === undefined ? blockNameProblem(name) : null;
    const valid = form.check();
    setNameErrors(nameProblem === null ? [] : [nameProblem]);
    if (!valid || nameProblem !== null) {
      setFormErrors(["Some fields need attention."]);
      focusFirstError();
      return;
    }
    setFormErrors([]);
    const result = await save({
      input: { blockSchemaId, name, data: form.value ?? {}, overwrite: existing !== undefined },
    });
    const payload = result.data?.saveBlockDocument;
    if (result.error !== undefined || payload === undefined) {
      setFormErrors([`Could not save: ${result.error?.message ?? "no answer"}`]);
      return;
    }
    if (payload.errors.length > 0) {
      const split = splitSaveErrors(payload.errors);
      setNameErrors(split.name);
      form.setServerErrors(split.fields);
      setFormErrors(split.form.length > 0 ? split.form : ["The server refused some fields."]);
      focusFirstError();
      return;
    }
    if (payload.blockDocument != null) onSaved(payload.blockDocument.id);
  }

  return (
    <form ref={element} className="block-form" onSubmit={(event) => void submit(event)} noValidate>
      {formErrors.length > 0 && (
        <div className="banner error" role="alert">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      {form.problem !== null && (
        <p className="banner warning">This schema cannot be checked in the browser ({form.problem}); the server still checks it.</p>
      )}
      <div className="sf-field">
        <label htmlFor="block-name">
          Name
          <span className="sf-required" aria-hidden="true">
            {" "}
            *
          </span>
        </label>
        <input
          id="block-name"
          value={name}
          readOnly={existing !== undefined}
          required
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? "block-name-help block-name-errors" : "block-name-help"}
          autoComplete="off"
          onChange={(event) => {
            setName(event.target.value);
            setNameErrors([]);
          }}
        />
        <p className="sf-description" id="block-name-help">
          {existing === undefined
            ? "Lowercase letters, numbers and dashes; code loads the block by it."
            : "A saved document keeps its name."}
        </p>
        {nameErrors.length > 0 && (
          <ul className="sf-errors" id="block-name-errors">
            {nameErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      <SchemaForm {...form.props} idPrefix="block-data" disabled={state.fetching} />
      <div className="block-form-actions">
        <button type="submit" className="primary" disabled={state.fetching}>
          {state.fetching ? "Saving…" : existing === undefined ? "Create" : "Save"}
        </button>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </form>
  );
}
