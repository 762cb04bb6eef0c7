/** The name, value and tags fields, each with its error beside it (client checks and server payload errors alike). */
import type { FieldErrors, VariableForm } from "./validation";

interface Props {
  form: VariableForm;
  errors: FieldErrors;
  onChange: (form: VariableForm) => void;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="cat-field-error" id={id} role="alert">
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </p>
  );
}

export function VariableFormFields({ form, errors, onChange }: Props) {
  return (
    <>
      <div className="cat-form-field">
        <label htmlFor="variable-name">Name</label>
        <input
          id="variable-name"
          name="name"
          value={form.name}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.name !== undefined}
          aria-describedby={errors.name ? "variable-name-error" : "variable-name-hint"}
          onChange={(event) => onChange({ ...form, name: event.target.value })}
        />
        <p className="cat-field-hint muted" id="variable-name-hint">
          Lowercase letters, numbers, dashes and underscores.
        </p>
        <FieldError id="variable-name-error" message={errors.name} />
      </div>
      <div className="cat-form-field">
        <label htmlFor="variable-value">Value (JSON)</label>
        <textarea
          id="variable-value"
          name="value"
          rows={8}
          spellCheck={false}
          value={form.value}
          aria-invalid={errors.value !== undefined}
          aria-describedby={errors.value ? "variable-value-error" : "variable-value-hint"}
          onChange={(event) => onChange({ ...form, value: event.target.value })}
        />
        <p className="cat-field-hint muted" id="variable-value-hint">
          Any JSON up to 5,000 characters: <code>"text"</code>, <code>42</code>, <code>true</code>,{" "}
          <code>{'{"key": "value"}'}</code>.
        </p>
        <FieldError id="variable-value-error" message={errors.value} />
      </div>
      <div className="cat-form-field">
        <label htmlFor="variable-tags">Tags</label>
        <input
          id="variable-tags"
          name="tags"
          value={form.tags}
          autoComplete="off"
          aria-invalid={errors.tags !== undefined}
          aria-describedby={errors.tags ? "variable-tags-error" : "variable-tags-hint"}
          onChange={(event) => onChange({ ...form, tags: event.target.value })}
        />
        <p className="cat-field-hint muted" id="variable-tags-hint">
          Separated by commas.
        </p>
        <FieldError id="variable-tags-error" message={errors.tags} />
      </div>
    </>
  );
}
