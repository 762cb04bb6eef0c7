/** The app's pages, by URL (react-router; the server answers index.html for client routes).

Each area owns the routes below its prefix (its ``*Routes`` component).
*/
import { lazy, Suspense } from "react";
import { Route, Routes, useLocation } from "react-router";

import { Layout } from "./Layout";

// Each area is its own chunk, loaded when first visited: the first page a tab
// opens does not wait for the code of the others (markdown, forms, GraphiQL...).
const Dashboard = lazy(() => import("../dashboard/Dashboard").then((m) => ({ default: m.Dashboard })));
const FlowRunsPage = lazy(() => import("../runs/FlowRunsPage").then((m) => ({ default: m.FlowRunsPage })));
const FlowRunRoutes = lazy(() => import("../run/FlowRunRoutes").then((m) => ({ default: m.FlowRunRoutes })));
const TaskRunRoutes = lazy(() => import("../run/TaskRunRoutes").then((m) => ({ default: m.TaskRunRoutes })));
const FlowsRoutes = lazy(() => import("../flows/FlowsRoutes").then((m) => ({ default: m.FlowsRoutes })));
const ArtifactsRoutes = lazy(() =>
  import("../artifacts/ArtifactsRoutes").then((m) => ({ default: m.ArtifactsRoutes })),
);
const VariablesRoutes = lazy(() =>
  import("../variables/VariablesRoutes").then((m) => ({ default: m.VariablesRoutes })),
);
const BlocksRoutes = lazy(() => import("../blocks/BlocksRoutes").then((m) => ({ default: m.BlocksRoutes })));
const EventsRoutes = lazy(() => import("../events/EventsRoutes").then((m) => ({ default: m.EventsRoutes })));

function NotFound() {
  const { pathname } = useLocation();
  return (
    <section className="empty">
      <h1>Not found</h1>
      <p>No page at {pathname}.</p>
    </section>
  );
}

export function App() {
  return (
    <Layout>
      <Suspense fallback={<p className="muted loading">Loading…</p>}>
        <Routes>
          <Route path="/" element={<Dashboard />} />
          <Route path="/runs" element={<FlowRunsPage />} />
          <Route path="/runs/:id/*" element={<FlowRunRoutes />} />
          <Route path="/task-runs/:id/*" element={<TaskRunRoutes />} />
          <Route path="/flows/*" element={<FlowsRoutes />} />
          <Route path="/artifacts/*" element={<ArtifactsRoutes />} />
          <Route path="/variables/*" element={<VariablesRoutes />} />
          <Route path="/blocks/*" element={<BlocksRoutes />} />
          <Route path="/events/*" element={<EventsRoutes />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
