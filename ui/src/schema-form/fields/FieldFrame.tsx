/** A labelled field: label, the input, its description and its errors. */
import type { ReactNode } from "react";

import type { FieldIds } from "./ids";

export function FieldErrors({ ids }: { ids: FieldIds }) {
  if (ids.errors.length === 0) return null;
  return (
    <ul className="sf-errors" id={ids.errorsId}>
      {ids.errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

export function Description({ ids, text }: { ids: FieldIds; text: string | null }) {
  if (text === null) return null;
  return (
    <p className="sf-description" id={ids.descriptionId}>
      {text}
    </p>
  );
}

export function RequiredMark({ required }: { required: boolean }) {
  if (!required) return null;
  return (
    <span className="sf-required" title="Required" aria-hidden="true">
      {" "}
      *
    </span>
  );
}

interface FrameProps {
  ids: FieldIds;
  label: string;
  required: boolean;
  description: string | null;
  /** Next to the label (such as the variable toggle). */
  tools?: ReactNode;
  children: ReactNode;
}

export function FieldFrame({ ids, label, required, description, tools, children }: FrameProps) {
  return (
    <div className="sf-field" data-invalid={ids.errors.length > 0 || undefined}>
      <div className="sf-label-row">
        <label htmlFor={ids.id}>
          {label}
          <RequiredMark required={required} />
        </label>
        {tools}
      </div>
      {children}
      <Description ids={ids} text={description} />
      <FieldErrors ids={ids} />
    </div>
  );
}

/** A group of fields (object, array, union) under a legend. */
export function FieldGroup({ ids, label, required, description, tools, children }: FrameProps) {
  return (
    <fieldset className="sf-group" data-invalid={ids.errors.length > 0 || undefined} id={ids.id}>
      <legend>
        {label}
        <RequiredMark required={required} />
      </legend>
      {tools}
      <Description ids={ids} text={description} />
      <FieldErrors ids={ids} />
      {children}
    </fieldset>
  );
}
