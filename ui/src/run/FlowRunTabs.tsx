import { NavLink } from "react-router";

export interface Tab {
  path: string;
  label: string;
  count?: number | null;
}

/** The detail page's sections as links (each has its URL, so it can be shared and reloaded). */
export function FlowRunTabs({ base, tabs }: { base: string; tabs: readonly Tab[] }) {
  return (
    <nav className="tabs" aria-label="Flow run sections">
      {tabs.map((tab) => (
        <NavLink key={tab.path} to={tab.path === "" ? base : `${base}/${tab.path}`} end>
          {tab.label}
          {tab.count !== undefined && tab.count !== null ? (
            <span className="tab-count">{tab.count}</span>
          ) : null}
        </NavLink>
      ))}
    </nav>
  );
}
