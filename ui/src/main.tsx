import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { Provider } from "urql";

import { App } from "./app/App";
import { createLiveClient } from "./live/client";
import { LiveClientContext } from "./live/context";
import "./styles.css";

const live = createLiveClient(window.location);
const root = document.getElementById("root");
if (root === null) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <LiveClientContext.Provider value={live}>
      <Provider value={live.urql}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </Provider>
    </LiveClientContext.Provider>
  </StrictMode>,
);
