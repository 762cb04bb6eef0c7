/** Flows pages (placeholder until this area is built). */
export function FlowsRoutes() {
  return (
    <section className="empty">
      <h1>Flows</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
