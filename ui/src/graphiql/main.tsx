/**
 * GraphiQL, self-hosted: every script and worker comes from this build, so it
 * works without internet. Queries go over HTTP, subscriptions over graphql-ws,
 * both to /graphql on this origin.
 */
import "graphiql/setup-workers/vite";
import "graphiql/style.css";

import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createClient } from "graphql-ws";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { GRAPHQL_PATH, websocketUrl } from "../live/client";

const fetcher = createGraphiQLFetcher({
  url: GRAPHQL_PATH,
  wsClient: createClient({ url: websocketUrl(window.location), lazy: true, retryAttempts: 5 }),
});

const DEFAULT_QUERY = `# Welcome to flowql's GraphiQL. Run with Ctrl-Enter.
query RecentFlowRuns {
  flowRuns(first: 10) {
    totalCount
    edges { node { id name stateType startTime flow { name } } }
  }
}

# subscription LiveFlowRuns {
#   flowRunUpdates(after: "HEAD") { endCursor live flowRuns { name stateType } }
# }
`;

// `/graphiql?query=...` opens with that document (links from the UI, tests).
const linked = new URLSearchParams(window.location.search).get("query");

const root = document.getElementById("graphiql");
if (root === null) throw new Error("#graphiql is missing from graphiql.html");

createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={DEFAULT_QUERY}
      {...(linked === null ? {} : { initialQuery: linked })}
    />
  </StrictMode>,
);
