/** Flow run pages (placeholder until this area is built). */
export function FlowRunRoutes() {
  return (
    <section className="empty">
      <h1>Flow run</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
