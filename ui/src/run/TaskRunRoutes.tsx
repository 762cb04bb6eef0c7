/** Task run detail pages: /task-runs/:id. */
import { useParams } from "react-router";

import { TaskRunPage } from "./TaskRunPage";

export function TaskRunRoutes() {
  const { id } = useParams();
  if (id === undefined) return null;
  return <TaskRunPage key={id} id={id} />;
}
