/** Artifacts pages (placeholder until this area is built). */
export function ArtifactsRoutes() {
  return (
    <section className="empty">
      <h1>Artifacts</h1>
      <p className="muted">This page is not built yet.</p>
    </section>
  );
}
