/**
 * Two pages from one build: the app (index.html) and a self-hosted GraphiQL
 * (graphiql.html, served at /graphiql). Everything is bundled: no CDN.
 * `npm run dev` proxies the API to a server on 127.0.0.1:4200.
 */
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const api = process.env.FLOWQL_DEV_API ?? "http://127.0.0.1:4200";

export default defineConfig({
  plugins: [react()],
  // GraphiQL's Monaco editor runs language services in ES module workers.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      onwarn(warning, warn) {
        // GraphiQL's packages carry React Compiler directives the bundler drops: harmless.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  server: {
    proxy: {
      "/graphql": { target: api, ws: true },
      "/health": api,
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
