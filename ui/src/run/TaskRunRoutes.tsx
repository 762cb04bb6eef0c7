/** Task run pages (placeholder until this area is built). */
export function TaskRunRoutes() {
  return (
    <section className="empty">
      <h1>Task run</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
