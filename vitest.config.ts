import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // tsconfig's `paths: {"@/*": ["./*"]}`; a regex so `@electric-sql/...` and other scoped
      // packages are left alone.
      { find: /^@\//, replacement: root },
      // `import "server-only"` throws outside a React Server Components bundle; lib/queries and
      // friends use it, and their tests run in plain Node.
      { find: /^server-only$/, replacement: `${root}node_modules/server-only/empty.js` },
    ],
  },
  test: {
    root,
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "e2e/**", "clients/**", "**/.data/**"],
    // Migrates once (a PGlite dump, or a template database on a real server); see the file.
    globalSetup: ["./test/global-setup.ts"],
    // Forks, not threads: each worker holds its own PGlite (WASM, ~100 MB) or postgres.js pool,
    // and a crash in one stays in one process.
    pool: "forks",
    // Two cores: two workers keep both busy; more would only thrash while PGlite boots.
    maxWorkers: 2,
    // Loading a PGlite dump takes about a second on this machine, several on a busy CI runner.
    testTimeout: 15_000,
    hookTimeout: 60_000,
    teardownTimeout: 15_000,
  },
});
