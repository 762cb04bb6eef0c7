import { Link } from "react-router";

/** Placeholder: run history and failures come in a later slice. */
export function Dashboard() {
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="muted">
        Run history and recent failures are coming here. Meanwhile, watch{" "}
        <Link to="/runs">
          flow runs
        </Link>{" "}
        live or explore the API in <a href="/graphiql">GraphiQL</a>.
      </p>
    </section>
  );
}
