/** Events: the live feed at /events (filters in the query string). */
import { Route, Routes } from "react-router";

import { EventsPage } from "./EventsPage";

export function EventsRoutes() {
  return (
    <Routes>
      <Route index element={<EventsPage />} />
    </Routes>
  );
}
