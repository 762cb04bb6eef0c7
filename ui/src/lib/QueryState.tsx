/** The loading and error-with-retry states of a page's query, shared by every page. */
import type { CombinedError } from "urql";

/** What failed to load, and a button to try again. */
export function LoadError({ what, error, retry }: { what: string; error: string; retry: () => void }) {
  return (
    <div className="banner error" role="alert">
      Could not load {what}: {error}{" "}
      <button type="button" onClick={retry}>
        Retry
      </button>
    </div>
  );
}

interface Props {
  what: string;
  fetching: boolean;
  error: CombinedError | undefined;
  hasData: boolean;
  retry: () => void;
}

/** Nothing once the data is there; "Loading…" before; the error and Retry on failure. */
export function QueryState({ what, fetching, error, hasData, retry }: Props) {
  if (error !== undefined) return <LoadError what={what} error={error.message} retry={retry} />;
  if (fetching && !hasData) {
    return (
      <p className="muted" aria-busy="true">
        Loading {what}…
      </p>
    );
  }
  return null;
}
