/** The loading and error-with-retry states of a page's query. */
import type { CombinedError } from "urql";

interface Props {
  what: string;
  fetching: boolean;
  error: CombinedError | undefined;
  hasData: boolean;
  retry: () => void;
}

export function QueryState({ what, fetching, error, hasData, retry }: Props) {
  if (error !== undefined) {
    return (
      <div className="banner error" role="alert">
        Could not load {what}: {error.message}{" "}
        <button type="button" onClick={retry}>
          Retry
        </button>
      </div>
    );
  }
  if (fetching && !hasData) {
    return (
      <p className="muted" aria-busy="true">
        Loading {what}…
      </p>
    );
  }
  return null;
}
