import { test, type TestInfo } from "@playwright/test";

/**
 * The end-to-end app servers. Most of a browser test is waiting (mock vendor delays, 5 s pings,
 * a 12 s system-check time-out), so the spec files are shared between two production servers that
 * run side by side, one Playwright project each (playwright.config.ts). Every server has its own
 * ports, embedded database folder, fake vendor and artifacts folder (the LMS token, the e-mails
 * its mail sink keeps), so the two never see each other's data.
 *
 * A spec finds its own server's values through `e2eServer()` (the running test's project), never
 * through process-wide environment variables, which both projects would share.
 */
export interface E2EServer {
  /** The Playwright project that runs against this server. */
  project: string;
  appPort: number;
  /** The fake proctoring vendor's API, worker and review page (fake-vendor/). */
  vendorPort: number;
  /** The fake vendor's desktop application. */
  vendorDesktopPort: number;
  /** The mail sink (e2e/support/mail-sink.ts). */
  smtpPort: number;
  /** Where a spec serves the real Open edX learner client (e2e/support/special-exams-server.ts). */
  clientPort: number;
  dataDir: string;
  /** The LMS token (`lms-token`) and the mail sink's messages (`mail/`). */
  artifactsDir: string;
}

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65_535) throw new Error(`${name} is not a port: ${process.env[name]}`);
  return value;
}

function server(project: string, suffix: string, defaults: { app: number; vendor: number; desktop: number; smtp: number }, dataDir: string, artifactsDir: string): E2EServer {
  const appPort = port(`E2E_PORT${suffix}`, defaults.app);
  return {
    project,
    appPort,
    vendorPort: port(`E2E_VENDOR_PORT${suffix}`, defaults.vendor),
    vendorDesktopPort: port(`E2E_VENDOR_DESKTOP_PORT${suffix}`, defaults.desktop),
    smtpPort: port(`E2E_SMTP_PORT${suffix}`, defaults.smtp),
    // 3500/3550 by default: clear of the ports specs start their own servers on (3199, 3300–3391, 3451–3457).
    clientPort: port(`E2E_CLIENT_PORT${suffix}`, appPort + 400),
    dataDir,
    artifactsDir,
  };
}

/** The two servers; the environment variables override the ports (E2E_PORT, E2E_PORT_2, …). */
export const E2E_SERVERS: readonly [E2EServer, E2EServer] = [
  server("app-1", "", { app: 3100, vendor: 3190, desktop: 3191, smtp: 3125 }, ".data/e2e", "e2e/.artifacts"),
  server("app-2", "_2", { app: 3150, vendor: 3192, desktop: 3193, smtp: 3126 }, ".data/e2e-2", "e2e/.artifacts-2"),
];

/** The server of the running test's project (inside a test or hook). */
export function e2eServer(info: TestInfo = test.info()): E2EServer {
  const found = (info.project.metadata as { e2eServer?: E2EServer }).e2eServer;
  if (!found) throw new Error(`Playwright project ${info.project.name} names no e2e server (playwright.config.ts)`);
  return found;
}

/** Origins of the running test's server: the app, the fake vendor and its desktop application. */
export function appOrigin(info?: TestInfo): string {
  return `http://127.0.0.1:${e2eServer(info).appPort}`;
}
export function vendorOrigin(info?: TestInfo): string {
  return `http://127.0.0.1:${e2eServer(info).vendorPort}`;
}
export function vendorDesktopOrigin(info?: TestInfo): string {
  return `http://127.0.0.1:${e2eServer(info).vendorDesktopPort}`;
}
