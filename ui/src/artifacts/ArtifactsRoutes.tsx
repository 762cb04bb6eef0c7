/** Artifacts: the list at /artifacts, a key's latest at /artifacts/key/:key, one version at /artifacts/:id. */
import { Route, Routes } from "react-router";

import { ArtifactKeyPage } from "./ArtifactKeyPage";
import { ArtifactByIdPage } from "./ArtifactPage";
import { ArtifactsListPage } from "./ArtifactsListPage";

export function ArtifactsRoutes() {
  return (
    <Routes>
      <Route index element={<ArtifactsListPage />} />
      <Route path="key/:key" element={<ArtifactKeyPage />} />
      <Route path=":id" element={<ArtifactByIdPage />} />
    </Routes>
  );
}
