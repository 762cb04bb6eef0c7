/** Flows: the list at /flows, one flow and its runs at /flows/:id. */
import { Route, Routes } from "react-router";

import { FlowPage } from "./FlowPage";
import { FlowsListPage } from "./FlowsListPage";

export function FlowsRoutes() {
  return (
    <Routes>
      <Route index element={<FlowsListPage />} />
      <Route path=":id" element={<FlowPage />} />
    </Routes>
  );
}
