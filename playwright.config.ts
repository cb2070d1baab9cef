import { defineConfig } from "@playwright/test";
import { E2E_SERVERS, type E2EServer } from "./e2e/support/servers";

/**
 * Spec files that run against the second server (project `app-2`); every other spec file, a new one
 * included, runs against the first (`app-1`). The split balances the two halves' durations
 * (docs/decisions/051-two-e2e-servers.md); re-balance it when one half grows.
 */
const ON_SECOND_SERVER = [
  "admin-appeals.spec.ts",
  "credit-eligibility.spec.ts",
  "instructor-dashboard.spec.ts",
  "learner-exams.spec.ts",
  "learner-spanish.spec.ts",
  "openedx-client-credit.spec.ts",
  "openedx-client-links.spec.ts",
  "openedx-client-resume.spec.ts",
  "openedx-client-rest.spec.ts",
  "openedx-client.spec.ts",
  "openedx-sign-in.spec.ts",
  "security.spec.ts",
  "startup-config.spec.ts",
  "vendor-rest.spec.ts",
  "vendor-rpnow.spec.ts",
].map((file) => `**/${file}`);

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here) against
 * the production build (`next build` first), on its own embedded database folder with the demo
 * data, so a developer's `.data/` is never touched. Two servers run side by side (see
 * e2e/support/servers.ts), one project each, one spec file at a time per server.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  // One worker per project (each project's tests share its server's data); the projects run at once.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
  projects: [
    project(E2E_SERVERS[0], { testIgnore: ON_SECOND_SERVER }),
    project(E2E_SERVERS[1], { testMatch: ON_SECOND_SERVER }),
  ],
  webServer: {
    // Both servers; the first listens only once the second answers (see the script).
    command: "bash e2e/start-servers.sh",
    url: `http://127.0.0.1:${E2E_SERVERS[0].appPort}/api/health`,
    // A loaded machine (several builds and suites at once) can take minutes to start the servers.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...serverEnv(E2E_SERVERS[0], ""),
      ...serverEnv(E2E_SERVERS[1], "_2"),
      // The e2e app always runs on the embedded database, even when the shell has DATABASE_URL.
      DATABASE_URL: "",
      INVIGIL_DEMO_LOGIN: "true",
      INVIGIL_SEED_DEMO: "true",
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      INVIGIL_SECRET_KEY: "e2e-only-key-0123456789abcdef0123456789abc",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

function project(server: E2EServer, files: { testMatch?: string[]; testIgnore?: string[] }) {
  return {
    name: server.project,
    ...files,
    workers: 1,
    metadata: { e2eServer: server },
    use: { baseURL: `http://127.0.0.1:${server.appPort}` },
  };
}

/** One server's variables for e2e/start-server.sh, named with `suffix` (e2e/start-servers.sh). */
function serverEnv(server: E2EServer, suffix: string): Record<string, string> {
  return {
    [`E2E_PORT${suffix}`]: String(server.appPort),
    [`E2E_VENDOR_PORT${suffix}`]: String(server.vendorPort),
    [`E2E_VENDOR_DESKTOP_PORT${suffix}`]: String(server.vendorDesktopPort),
    [`E2E_SMTP_PORT${suffix}`]: String(server.smtpPort),
    [`E2E_ARTIFACTS_DIR${suffix}`]: server.artifactsDir,
    [`E2E_MAIL_DIR${suffix}`]: `${server.artifactsDir}/mail`,
    [`INVIGIL_DATA_DIR${suffix}`]: server.dataDir,
  };
}
