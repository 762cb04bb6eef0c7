/** The blocks area: catalog, a type's documents, a document, create and edit. */
import { Link, Route, Routes } from "react-router";

import { BlockCatalogPage } from "./BlockCatalogPage";
import { BlockDocumentPage } from "./BlockDocumentPage";
import { BlockTypePage } from "./BlockTypePage";
import { CreateBlockDocumentPage } from "./CreateBlockDocumentPage";
import { EditBlockDocumentPage } from "./EditBlockDocumentPage";

function NoSuchPage() {
  return (
    <section className="empty">
      <h1>Not found</h1>
      <p>
        No such blocks page. <Link to="/blocks">All blocks</Link>
      </p>
    </section>
  );
}

export function BlocksRoutes() {
  return (
    <Routes>
      <Route index element={<BlockCatalogPage />} />
      <Route path="types/:slug" element={<BlockTypePage />} />
      <Route path="types/:slug/new" element={<CreateBlockDocumentPage />} />
      <Route path="documents/:id" element={<BlockDocumentPage />} />
      <Route path="documents/:id/edit" element={<EditBlockDocumentPage />} />
      <Route path="*" element={<NoSuchPage />} />
    </Routes>
  );
}
