/** Flow run detail pages: /runs/:id and its sections (/runs/:id/logs, ...). */
import { useParams } from "react-router";

import { FlowRunPage } from "./FlowRunPage";

export function FlowRunRoutes() {
  const { id } = useParams();
  if (id === undefined) return null;
  // A new id is a new page: nothing carries over from the previous run.
  return <FlowRunPage key={id} id={id} />;
}
