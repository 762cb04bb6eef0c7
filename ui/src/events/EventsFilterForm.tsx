/** The feed's filter: an event name prefix and a resource id, applied on submit (each change resubscribes). */
import { useState, type FormEvent } from "react";

export interface FeedFilter {
  prefix: string;
  resource: string;
}

export function EventsFilterForm({ value, onApply }: { value: FeedFilter; onApply: (filter: FeedFilter) => void }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown.prefix !== value.prefix || shown.resource !== value.resource) {
    // The URL changed (back button, a link): show what is applied.
    setShown(value);
    setDraft(value);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ prefix: draft.prefix.trim(), resource: draft.resource.trim() });
  }
  const active = value.prefix !== "" || value.resource !== "";
  return (
    <form className="cat-events-filter" onSubmit={submit} role="search" aria-label="Filter events">
      <label>
        Event name starts with
        <input
          name="prefix"
          value={draft.prefix}
          placeholder="flowql.flow-run."
          spellCheck={false}
          onChange={(event) => setDraft({ ...draft, prefix: event.target.value })}
        />
      </label>
      <label>
        Resource id
        <input
          name="resource"
          value={draft.resource}
          placeholder="flowql.flow-run.<id>"
          spellCheck={false}
          onChange={(event) => setDraft({ ...draft, resource: event.target.value })}
        />
      </label>
      <button type="submit">Apply</button>
      {active && (
        <button type="button" onClick={() => onApply({ prefix: "", resource: "" })}>
          Clear
        </button>
      )}
    </form>
  );
}
