/**
 * A query re-read (network-only) whenever `tick` or its variables change,
 * keeping the last answer on screen meanwhile, so live refreshes never flash
 * a loading state.
 */
import { useEffect, useRef, useState } from "react";
import { useClient, type AnyVariables, type TypedDocumentNode } from "urql";

export interface Sticky<Data> {
  data: Data | null;
  error: string | null;
  fetching: boolean;
  retry: () => void;
}

export function useStickyQuery<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  tick: number,
): Sticky<Data> {
  const client = useClient();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetching, setFetching] = useState(true);
  const [retries, setRetries] = useState(0);
  const key = JSON.stringify(variables);
  const vars = useRef(variables);
  vars.current = variables;

  useEffect(() => {
    let current = true;
    setFetching(true);
    void client
      .query(query, vars.current, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!current) return;
        setFetching(false);
        if (result.error || result.data === undefined) {
          setError(result.error?.message ?? "no data");
          return;
        }
        setError(null);
        setData(result.data);
      });
    return () => {
      current = false;
    };
  }, [client, query, key, tick, retries]);

  return { data, error, fetching, retry: () => setRetries((n) => n + 1) };
}
