import { useState, type FormEvent } from "react";

import { signIn } from "./session";

/** The API key form shown when the server needs a key and this browser has none. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [apiKey, setApiKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (apiKey.trim() === "") {
      setProblem("enter the server's API key (FLOWQL_API_KEY)");
      return;
    }
    setBusy(true);
    const refusal = await signIn(apiKey).catch((error: unknown) => String(error));
    setBusy(false);
    if (refusal === null) onSignedIn();
    else setProblem(refusal);
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">flowql</h1>
        <p className="muted">This server needs its API key.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : "sign-in-problem"}
          autoFocus
        />
        {problem !== null && (
          <p id="sign-in-problem" className="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
