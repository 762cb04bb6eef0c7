/**
 * Signing in to a server that has an API key (FLOWQL_API_KEY). The server sets an
 * HttpOnly session cookie that the browser sends with every request and on the
 * websocket handshake (browsers cannot put headers on a websocket); see
 * src/flowql/server/auth.py.
 */
export const SESSION_PATH = "/auth/session";

export interface SessionStatus {
  /** The server has an API key. */
  required: boolean;
  /** This browser may use the API (signed in, or no key is needed). */
  authenticated: boolean;
}

export async function readSession(fetchImpl: typeof fetch = fetch): Promise<SessionStatus> {
  const response = await fetchImpl(SESSION_PATH);
  if (!response.ok) throw new Error(`${SESSION_PATH} answered ${response.status}`);
  return (await response.json()) as SessionStatus;
}

/** Sign in with `apiKey`; resolves to null when accepted, else the server's reason. */
export async function signIn(apiKey: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  const response = await fetchImpl(SESSION_PATH, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey }),
  });
  if (response.ok) return null;
  try {
    const body = (await response.json()) as { errors?: { message?: string }[] };
    return body.errors?.[0]?.message ?? `sign-in failed (${response.status})`;
  } catch {
    return `sign-in failed (${response.status})`;
  }
}

export async function signOut(fetchImpl: typeof fetch = fetch): Promise<void> {
  await fetchImpl(SESSION_PATH, { method: "DELETE" });
}
