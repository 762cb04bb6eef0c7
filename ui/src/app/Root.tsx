/**
 * Asks the server whether it needs an API key before anything else talks to it:
 * signed in (or no key needed), the live client is made and the app rendered;
 * otherwise the sign-in form. Signing in or out reloads the page, so the one
 * websocket is opened with the new cookie.
 */
import { useEffect, useMemo, useState } from "react";
import { BrowserRouter } from "react-router";
import { Provider } from "urql";

import { createLiveClient } from "../live/client";
import { LiveClientContext } from "../live/context";
import { App } from "./App";
import { readSession, type SessionStatus } from "./session";
import { SessionContext } from "./sessionContext";
import { SignIn } from "./SignIn";

function SignedIn({ session }: { session: SessionStatus }) {
  const live = useMemo(() => createLiveClient(window.location), []);
  return (
    <SessionContext.Provider value={session}>
      <LiveClientContext.Provider value={live}>
        <Provider value={live.urql}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </Provider>
      </LiveClientContext.Provider>
    </SessionContext.Provider>
  );
}

export function Root() {
  const [session, setSession] = useState<SessionStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    readSession()
      .then(setSession)
      .catch((error: unknown) => setProblem(String(error)));
  }, [attempt]);

  if (problem !== null) {
    return (
      <section className="empty" role="alert">
        <h1>Cannot reach the flowql server</h1>
        <p>{problem}</p>
        <button
          type="button"
          onClick={() => {
            setProblem(null);
            setAttempt((n) => n + 1);
          }}
        >
          Retry
        </button>
      </section>
    );
  }
  if (session === null) return <p className="muted loading">Loading…</p>;
  if (!session.authenticated) return <SignIn onSignedIn={() => window.location.reload()} />;
  return <SignedIn session={session} />;
}
