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
