import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The fake proctoring vendor (fake-vendor/main.ts) and its desktop application, started by e2e/start-server.sh. */
const VENDOR_PORT = Number(process.env.E2E_VENDOR_PORT ?? 3190);
const VENDOR_DESKTOP_PORT = Number(process.env.E2E_VENDOR_DESKTOP_PORT ?? 3191);

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here) against
 * the production build (`next build` first), on its own embedded database folder with the demo
 * data, so a developer's `.data/` is never touched.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    screenshot: "only-on-failure",
    // A failed test keeps its trace (actions, DOM snapshots, network); the screencast of every
    // test is left out (about 5 % of the browser's CPU, and the snapshots show the same pages).
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      // Debian's headless shell (package chromium-headless-shell), the browser Playwright runs
      // headless when it manages its own: about 40 % less CPU than the full browser in headless
      // mode. For `--headed` or `--debug`, set CHROMIUM_PATH=/usr/bin/chromium.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "bash e2e/start-server.sh",
    url: `http://127.0.0.1:${PORT}/api/health`,
    // A loaded machine (several builds and suites at once) can take minutes to start the server.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      E2E_PORT: String(PORT),
      E2E_VENDOR_PORT: String(VENDOR_PORT),
      E2E_VENDOR_DESKTOP_PORT: String(VENDOR_DESKTOP_PORT),
      // The e2e app always runs on the embedded database, even when the shell has DATABASE_URL.
      DATABASE_URL: "",
      INVIGIL_DATA_DIR: ".data/e2e",
      INVIGIL_DEMO_LOGIN: "true",
      INVIGIL_SEED_DEMO: "true",
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      INVIGIL_SECRET_KEY: "e2e-only-key-0123456789abcdef0123456789abc",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
