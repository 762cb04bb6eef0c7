/** Variables: the list at /variables, the form at /variables/new and /variables/edit/:name. */
import { Route, Routes } from "react-router";

import { VariableEditor } from "./VariableEditor";
import { VariableEditPage } from "./VariableEditPage";
import { VariablesListPage } from "./VariablesListPage";

export function VariablesRoutes() {
  return (
    <Routes>
      <Route index element={<VariablesListPage />} />
      <Route path="new" element={<VariableEditor existing={null} />} />
      <Route path="edit/:name" element={<VariableEditPage />} />
    </Routes>
  );
}
