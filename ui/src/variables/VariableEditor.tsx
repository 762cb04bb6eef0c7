/**
 * The create / edit form: checks locally first, then sends; the server's
 * payload errors land next to their fields, the others above the buttons.
 */
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation } from "urql";

import type { VariableRowFragment } from "../gql/graphql";
import { CreateVariableMutation, UpdateVariableMutation } from "./operations";
import { VariableFormFields } from "./VariableFormFields";
import { errorsByField, validateVariable, type FieldErrors, type VariableForm } from "./validation";
import "./variables.css";

function initialForm(existing: VariableRowFragment | null): VariableForm {
  if (existing === null) return { name: "", value: "", tags: "" };
  return {
    name: existing.name,
    value: JSON.stringify(existing.value ?? null, null, 2),
    tags: existing.tags.join(", "),
  };
}

export function VariableEditor({ existing }: { existing: VariableRowFragment | null }) {
  const navigate = useNavigate();
  const [form, setForm] = useState(() => initialForm(existing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [created, create] = useMutation(CreateVariableMutation);
  const [updated, update] = useMutation(UpdateVariableMutation);
  const busy = created.fetching || updated.fetching;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validateVariable(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFormErrors([]);
      return;
    }
    const { input } = checked;
    const result =
      existing === null
        ? await create({ input: { name: input.name, value: input.value, tags: input.tags } })
        : await update({
            input: {
              name: existing.name,
              value: input.value,
              tags: input.tags,
              ...(input.name === existing.name ? {} : { newName: input.name }),
            },
          });
    if (result.error) {
      setErrors({});
      setFormErrors([`The request failed: ${result.error.message}`]);
      return;
    }
    const payload = result.data && ("createVariable" in result.data ? result.data.createVariable : result.data.updateVariable);
    const problems = errorsByField(payload?.errors ?? []);
    setErrors(problems.fields);
    setFormErrors(problems.form);
    if (payload?.variable && payload.errors.length === 0) {
      navigate("/variables", { state: { saved: payload.variable.name } });
    }
  }

  return (
    <section className="cat-variable-editor">
      <p className="cat-breadcrumbs">
        <Link to="/variables">Variables</Link>
      </p>
      <h1>{existing === null ? "New variable" : `Edit ${existing.name}`}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Variable">
        <VariableFormFields
          form={form}
          errors={errors}
          onChange={(next) => {
            // A field's error goes once the field changes; the others stay until the next submit.
            setErrors((current) => {
              const kept = { ...current };
              for (const field of ["name", "value", "tags"] as const) {
                if (next[field] !== form[field]) delete kept[field];
              }
              return kept;
            });
            setForm(next);
          }}
        />
        {formErrors.length > 0 && (
          <div className="banner error" role="alert">
            {formErrors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        <div className="cat-form-actions">
          <button type="submit" className="cat-button-primary" disabled={busy}>
            {busy ? "Saving…" : existing === null ? "Create" : "Save"}
          </button>
          <Link to="/variables">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
