/** The app's pages, by URL (react-router; the server answers index.html for client routes).

Each area owns the routes below its prefix (its ``*Routes`` component).
*/
import { Route, Routes, useLocation } from "react-router";

import { ArtifactsRoutes } from "../artifacts/ArtifactsRoutes";
import { BlocksRoutes } from "../blocks/BlocksRoutes";
import { Dashboard } from "../dashboard/Dashboard";
import { EventsRoutes } from "../events/EventsRoutes";
import { FlowsRoutes } from "../flows/FlowsRoutes";
import { FlowRunRoutes } from "../run/FlowRunRoutes";
import { TaskRunRoutes } from "../run/TaskRunRoutes";
import { FlowRunsPage } from "../runs/FlowRunsPage";
import { VariablesRoutes } from "../variables/VariablesRoutes";
import { Layout } from "./Layout";

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
    </Layout>
  );
}
