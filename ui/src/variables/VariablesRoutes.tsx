/** Variables pages (placeholder until this area is built). */
export function VariablesRoutes() {
  return (
    <section className="empty">
      <h1>Variables</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
