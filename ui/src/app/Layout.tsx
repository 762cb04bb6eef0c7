import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";

import { ConnectionIndicator } from "../live/ConnectionIndicator";
import { useLiveClient } from "../live/context";
import { signOut } from "./session";
import { useSession } from "./sessionContext";

/** The navigation, in order; pages add themselves here and in App.tsx. */
const NAV = [
  { to: "/", label: "Dashboard" },
  { to: "/runs", label: "Flow runs" },
  { to: "/flows", label: "Flows" },
  { to: "/artifacts", label: "Artifacts" },
  { to: "/variables", label: "Variables" },
  { to: "/blocks", label: "Blocks" },
  { to: "/events", label: "Events" },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { connection } = useLiveClient();
  const session = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <Link className="brand" to="/">
          flowql
        </Link>
        <nav aria-label="Main">
          {NAV.map(({ to, label }) => (
            <NavLink key={to} to={to} end={to === "/"}>
              {label}
            </NavLink>
          ))}
          <a href="/graphiql">GraphiQL</a>
        </nav>
        <ConnectionIndicator tracker={connection} />
        {session.required && (
          <button
            type="button"
            className="sign-out"
            onClick={() => void signOut().then(() => window.location.reload())}
          >
            Sign out
          </button>
        )}
      </header>
      <main>{children}</main>
    </div>
  );
}
