/** One flow run as it is now: the query's answer and the subscription's, the newer `updated` winning. */
import type { FlowRunHeaderFragment } from "../gql/graphql";

export interface FlowRunState {
  status: "loading" | "loaded" | "missing" | "error";
  error: string | null;
  run: FlowRunHeaderFragment | null;
  /** When `run` was read (to tick a running duration on from). */
  receivedAt: number;
  deleted: boolean;
}

export const LOADING: FlowRunState = {
  status: "loading",
  error: null,
  run: null,
  receivedAt: 0,
  deleted: false,
};

export type FlowRunAction =
  | { type: "loaded"; run: FlowRunHeaderFragment | null; at: number }
  | { type: "failed"; error: string }
  | { type: "retry" }
  | { type: "update"; run: FlowRunHeaderFragment; at: number }
  | { type: "deleted" };

function take(state: FlowRunState, run: FlowRunHeaderFragment, at: number): FlowRunState {
  if (state.run !== null && Date.parse(state.run.updated) > Date.parse(run.updated)) return state;
  return { ...state, status: "loaded", error: null, run, receivedAt: at };
}

export function flowRunReducer(state: FlowRunState, action: FlowRunAction): FlowRunState {
  if (state.deleted && action.type !== "retry") return state;
  switch (action.type) {
    case "loaded":
      if (action.run === null) return state.run === null ? { ...state, status: "missing" } : state;
      return take(state, action.run, action.at);
    case "update":
      return take(state, action.run, action.at);
    case "failed":
      return state.run === null
        ? { ...state, status: "error", error: action.error }
        : { ...state, error: action.error };
    case "retry":
      return { ...state, status: state.run === null ? "loading" : state.status, error: null };
    case "deleted":
      return { ...state, deleted: true };
  }
}
