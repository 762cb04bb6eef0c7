/** Loading, error-with-retry and empty states for a query-backed section (with an empty state). */
import type { ReactNode } from "react";

import { LoadError } from "./QueryState";

export interface QueryStatusProps {
  what: string;
  fetching: boolean;
  error: string | null;
  hasData: boolean;
  empty: boolean;
  onRetry: () => void;
  emptyText: ReactNode;
}

export function QueryStatus({ what, fetching, error, hasData, empty, onRetry, emptyText }: QueryStatusProps) {
  if (error !== null) return <LoadError what={what} error={error} retry={onRetry} />;
  if (!hasData && fetching) {
    return (
      <p className="muted" aria-busy="true">
        Loading {what}…
      </p>
    );
  }
  if (hasData && empty) return <div className="empty">{emptyText}</div>;
  return null;
}
