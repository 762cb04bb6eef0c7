import { createContext, useContext } from "react";

import type { SessionStatus } from "./session";

export const SessionContext = createContext<SessionStatus>({ required: false, authenticated: true });

/** Whether the server needs a key (then the header offers to sign out). */
export function useSession(): SessionStatus {
  return useContext(SessionContext);
}
