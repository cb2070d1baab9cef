import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

/** Starts the production server with `env` and collects what it prints until it exits. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", "3199"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not stop on bad configuration:\n${output}`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const secrets = {
  AUTH_SECRET: "startup-test-secret-0123456789abcdef0123",
  INVIGIL_SECRET_KEY: "startup-test-key-0123456789abcdef01234567",
  INVIGIL_DATA_DIR: ".data/e2e-startup",
};

test("a malformed DATABASE_URL stops the server with a message naming it", async () => {
  const { code, output } = await startServer({ ...secrets, DATABASE_URL: "mysql://root@localhost/invigil" });
  expect(code).toBe(1);
  expect(output).toContain("DATABASE_URL: must be a PostgreSQL connection URL");
});

test("a missing auth secret in production stops the server with a message naming it", async () => {
  const { code, output } = await startServer({ INVIGIL_SECRET_KEY: secrets.INVIGIL_SECRET_KEY, INVIGIL_DATA_DIR: secrets.INVIGIL_DATA_DIR });
  expect(code).toBe(1);
  expect(output).toContain("AUTH_SECRET: missing");
  expect(output).not.toContain("INVIGIL_SECRET_KEY: missing");
});

test("an unreachable PostgreSQL stops the server with a message saying what to check", async () => {
  const { code, output } = await startServer({ ...secrets, DATABASE_URL: "postgres://postgres@127.0.0.1:1/invigil" });
  expect(code).toBe(1);
  expect(output).toContain("could not open or migrate the PostgreSQL server in DATABASE_URL");
});
