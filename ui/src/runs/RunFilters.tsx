/** The view's controls: search, flow, states, tags, time range and sort (all in the URL). */
import { useEffect, useId, useState, type InputHTMLAttributes } from "react";
import { useQuery } from "urql";

import type { FlowRunSort, StateType } from "../gql/graphql";
import { STATE_COLORS, STATE_TYPES } from "../lib/states";
import { RANGES, SORTS, isFiltered, type RangeKey, type RunsView } from "./filters";
import { FlowOptionsQuery } from "./operations";

const TYPING_MS = 300;

/** A text field that reports its value once typing pauses (and at once on Enter). */
function DebouncedInput({
  value,
  onCommit,
  ...props
}: { value: string; onCommit: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "value" | "onChange"
>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft), TYPING_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);
  return (
    <input
      {...props}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onCommit(draft);
      }}
    />
  );
}

function label(type: StateType): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}

export function RunFilters({ view, onChange }: { view: RunsView; onChange: (view: RunsView) => void }) {
  const id = useId();
  const [flows] = useQuery({ query: FlowOptionsQuery });
  const flowOptions = flows.data?.flows.edges.map((edge) => edge.node) ?? [];
  const toggleState = (type: StateType) =>
    onChange({
      ...view,
      states: view.states.includes(type) ? view.states.filter((s) => s !== type) : [...view.states, type],
    });
  return (
    <form className="run-filters" role="search" aria-label="Run filters" onSubmit={(e) => e.preventDefault()}>
      <div className="run-filters-row">
        <div className="field grow">
          <label htmlFor={`${id}-q`}>Search</label>
          <DebouncedInput
            id={`${id}-q`}
            type="search"
            placeholder="Run name contains…"
            value={view.search}
            onCommit={(search) => onChange({ ...view, search })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-flow`}>Flow</label>
          <select
            id={`${id}-flow`}
            value={view.flowIds[0] ?? ""}
            onChange={(e) => onChange({ ...view, flowIds: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">All flows</option>
            {flowOptions.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.name}
              </option>
            ))}
            {view.flowIds[0] !== undefined && !flowOptions.some((f) => f.id === view.flowIds[0]) && (
              <option value={view.flowIds[0]}>{flows.fetching ? "Loading…" : "Unknown flow"}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags</label>
          <DebouncedInput
            id={`${id}-tags`}
            placeholder="all of: a, b"
            value={view.tags.join(", ")}
            onCommit={(text) =>
              onChange({ ...view, tags: text.split(",").map((t) => t.trim()).filter(Boolean) })
            }
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-range`}>Expected start</label>
          <select
            id={`${id}-range`}
            value={view.range ?? ""}
            onChange={(e) => onChange({ ...view, range: (e.target.value || null) as RangeKey | null })}
          >
            <option value="">Any time</option>
            {Object.entries(RANGES).map(([key, range]) => (
              <option key={key} value={key}>
                {range.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort</label>
          <select id={`${id}-sort`} value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as FlowRunSort })}>
            {Object.entries(SORTS).map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="run-filters-row" role="group" aria-labelledby={`${id}-states`}>
        <span id={`${id}-states`} className="muted">
          States
        </span>
        {STATE_TYPES.map((type) => {
          const on = view.states.includes(type);
          return (
            <button
              key={type}
              type="button"
              className="state-toggle"
              aria-pressed={on}
              data-state={type}
              style={on ? { backgroundColor: STATE_COLORS[type], borderColor: STATE_COLORS[type] } : { borderColor: STATE_COLORS[type] }}
              onClick={() => toggleState(type)}
            >
              {label(type)}
            </button>
          );
        })}
        {isFiltered(view) && (
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ flowIds: [], states: [], tags: [], search: "", range: null, sort: view.sort })}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
