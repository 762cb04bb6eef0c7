/** Blocks pages (placeholder until this area is built). */
export function BlocksRoutes() {
  return (
    <section className="empty">
      <h1>Blocks</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
