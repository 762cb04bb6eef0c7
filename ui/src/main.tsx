import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { Root } from "./app/Root";
import "./styles.css";

const root = document.getElementById("root");
if (root === null) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
