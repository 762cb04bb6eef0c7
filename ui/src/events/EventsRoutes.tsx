/** Events pages (placeholder until this area is built). */
export function EventsRoutes() {
  return (
    <section className="empty">
      <h1>Events</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
