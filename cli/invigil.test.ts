import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationState, openDatabase } from "@/db/client";
import { getBackendByName } from "@/lib/backends/registry";
import { createApiToken, verifyApiToken } from "@/lib/services/tokens";
import { authenticateVendorClient } from "@/lib/services/vendor-clients";

/**
 * The CLI as an operator runs it: a child process with its own environment.
 *
 * `npm run invigil` runs cli/invigil.ts through tsx, which transforms each module with esbuild as
 * it loads. Most cases below run the same code bundled once for this file by esbuild (packages
 * left in node_modules), so that each of their ~25 runs starts plain Node: about 0.5 s of CPU
 * instead of 1.6 s (decision 057). "prints help" runs it through tsx, exactly as the README says.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
/** Under node_modules, so the bundle's package imports resolve from the repository's packages. */
const BUNDLE = path.join(ROOT, "node_modules", ".cache", "invigil-cli-test", `invigil-${process.pid}.mjs`);

async function bundleCli(): Promise<void> {
  const { build } = await import("esbuild");
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, "cli", "invigil.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outfile: BUNDLE,
    logLevel: "warning",
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 120_000,
  stdin?: string,
  via: "bundle" | "tsx" = "bundle",
): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // The test runner's database must not leak into the child; each case says which one it wants.
  delete childEnv.DATABASE_URL;
  delete childEnv.INVIGIL_DATA_DIR;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const [command, ...argv] = via === "tsx" ? [TSX, "cli/invigil.ts", ...args] : [process.execPath, BUNDLE, ...args];
    const child = spawn(command!, argv, { cwd: ROOT, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    // Standard input is closed at once unless the case sends something (secrets).
    child.stdin.end(stdin ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    // A CLI that leaves the database open never exits: fail instead of hanging the run.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`invigil ${args.join(" ")} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let tmp: string;
let migrated: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "invigil-cli-test-"));
  await bundleCli();
  // One migrated data folder, copied for the cases about a command rather than about migrating:
  // a new embedded folder costs about 5 s of initdb. "creates a token" starts from an empty one.
  migrated = path.join(tmp, "migrated");
  const handle = await openDatabase({ kind: "embedded", dataDir: migrated });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
  await rm(BUNDLE, { force: true });
});

/** A copy of the migrated data folder, for one case. */
async function migratedFolder(name: string): Promise<string> {
  const dataDir = path.join(tmp, name);
  await cp(migrated, dataDir, { recursive: true });
  return dataDir;
}

describe("invigil CLI", () => {
  it("stops with exit code 1 and a readable message on a bad DATABASE_URL", async () => {
    const run = await runCli(["migrate"], { DATABASE_URL: "mysql://nope", INVIGIL_DATA_DIR: path.join(tmp, "unused") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("DATABASE_URL");
    // The message, not a stack trace.
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("answers an unknown command with the usage and exit code 2", async () => {
    const run = await runCli(["frobnicate"], { DATABASE_URL: "mysql://nope" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "frobnicate"');
    expect(run.stderr).toContain("Usage:");
  }, 60_000);

  it("rejects bad arguments with exit code 2 before opening the database", async () => {
    // A bad DATABASE_URL would exit 1 if the database were opened first.
    for (const args of [
      ["create-token", "--scopes", "lms:sync"],
      ["create-token", "--name", "x", "--scopes", "lms:sync,root"],
      ["create-admin", "--username", "a b", "--email", "admin@example.com", "--colour", "red"],
      ["configure-backend", "--name", "fast", "--kind", "mock", "--verbose-name", "Fast", "--settings", "{not json"],
      ["configure-backend", "--name", "fast", "--kind", "teleport", "--verbose-name", "Fast"],
      ["configure-backend", "--name", "v", "--kind", "rest", "--verbose-name", "V", "--secrets-file", "/x", "--secrets-stdin"],
      ["configure-backend", "--name", "v", "--kind", "rest", "--verbose-name", "V", "--client-secret", "abc"],
      ["revoke-token"],
      ["revoke-token", "--id", "1", "--prefix", "inv_abcd"],
      ["revoke-token", "--id", "first"],
      ["revoke-token", "--prefix", "abcd"],
      ["list-tokens", "--all"],
    ]) {
      const run = await runCli(args, { DATABASE_URL: "mysql://nope" });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain("Usage:");
    }
  }, 300_000);

  it("prints help with exit code 0", async () => {
    const run = await runCli(["help"], {}, 60_000, undefined, "tsx");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("create-token");
  }, 60_000);

  it("creates a token in an embedded database that verifies after the CLI has exited", async () => {
    const dataDir = path.join(tmp, "pglite");
    const run = await runCli(["create-token", "--name", "Test LMS", "--scopes", "lms:sync, lms:act-as-user", "--expires-days", "30"], {
      INVIGIL_DATA_DIR: dataDir,
    });
    expect(run.stderr).toContain("cannot be shown again");
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    // Shown once: not repeated in the details on stderr.
    expect(run.stderr).not.toContain(token);

    // The CLI has exited, so its data folder can be opened here (one process at a time).
    const handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      expect((await migrationState(handle.db)).pending).toBe(0);
      const row = await verifyApiToken(handle.db, token, new Date());
      expect(row).toMatchObject({ name: "Test LMS", scopes: ["lms:sync", "lms:act-as-user"] });
      expect(row!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    } finally {
      await handle.close();
    }
  }, 180_000);

  it("configures a backend that the registry then serves", async () => {
    const dataDir = await migratedFolder("pglite-backend");
    const args = ["configure-backend", "--name", "mock-fast", "--kind", "mock", "--verbose-name", "Fast mock", "--settings", '{"ping_interval": 4}'];
    const run = await runCli(args, { INVIGIL_DATA_DIR: dataDir });
    expect(run.stdout + run.stderr).toContain('Created backend "mock-fast" (mock)');
    expect(run.code).toBe(0);
    const handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      expect((await getBackendByName(handle.db, "mock-fast")).pingInterval).toBe(4);
    } finally {
      await handle.close();
    }
  }, 180_000);

  it("configures a rest backend with secrets from a file or standard input, never echoing them", async () => {
    const dataDir = await migratedFolder("pglite-rest");
    const first = "first-secret-from-file";
    const second = "second-secret-from-stdin";
    const file = path.join(tmp, "secrets.json");
    await writeFile(file, JSON.stringify({ client_secret: first }), { mode: 0o600 });
    const base = ["configure-backend", "--name", "vendor", "--kind", "rest", "--verbose-name", "Vendor", "--settings", '{"base_url": "https://vendor.example", "client_id": "abc"}'];
    const fromFile = await runCli([...base, "--secrets-file", file], { INVIGIL_DATA_DIR: dataDir });
    expect(fromFile.stdout + fromFile.stderr).toContain('Created backend "vendor" (rest)');
    expect(fromFile.code).toBe(0);
    const fromStdin = await runCli([...base, "--secrets-stdin"], { INVIGIL_DATA_DIR: dataDir }, 120_000, JSON.stringify({ client_secret: second }));
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const garbage = await runCli([...base, "--secrets-stdin"], { INVIGIL_DATA_DIR: dataDir }, 120_000, `client_secret=${second}`);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain("The secrets must be a JSON object");
    for (const run of [fromFile, fromStdin, garbage]) {
      expect(run.stdout + run.stderr).not.toContain(first);
      expect(run.stdout + run.stderr).not.toContain(second);
    }
    const handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      const backend = await getBackendByName(handle.db, "vendor");
      const url = await backend.getInstructorUrl({ courseKey: "c", user: { id: "u", fullName: "", email: "" } });
      const jwt = new URL(url!).searchParams.get("jwt")!;
      await expect(jwtVerify(jwt, new TextEncoder().encode(second), { issuer: "abc" })).resolves.toBeTruthy();
    } finally {
      await handle.close();
    }
  }, 300_000);

  it("lists tokens without their secrets, and revokes one by prefix so that it stops working", async () => {
    const dataDir = await migratedFolder("pglite-tokens");
    const seed = await openDatabase({ kind: "embedded", dataDir });
    let lms: { token: string; id: number; prefix: string };
    let script: { token: string; id: number };
    try {
      const a = await createApiToken(seed.db, { name: "LMS sync", scopes: ["lms:sync", "lms:act-as-user"] });
      const b = await createApiToken(seed.db, { name: "nightly script", scopes: ["admin:api"] });
      lms = { token: a.token, id: a.row.id, prefix: a.row.tokenPrefix };
      script = { token: b.token, id: b.row.id };
      await verifyApiToken(seed.db, b.token, new Date("2026-03-01T12:00:00Z"));
    } finally {
      await seed.close();
    }

    const listed = await runCli(["list-tokens"], { INVIGIL_DATA_DIR: dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^id\s+name\s+scopes\s+prefix\s+created\s+last used\s+state$/);
    expect(lines[1]).toMatch(new RegExp(`^${lms.id}\\s+LMS sync\\s+lms:sync,lms:act-as-user\\s+${lms.prefix}…\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+never\\s+active$`));
    expect(lines[2]).toContain("2026-03-01 12:00:00Z");
    for (const token of [lms.token, script.token]) expect(listed.stdout + listed.stderr).not.toContain(token.slice(8));

    const revoked = await runCli(["revoke-token", "--prefix", lms.prefix], { INVIGIL_DATA_DIR: dataDir });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API token #${lms.id} "LMS sync"`);
    const again = await runCli(["revoke-token", "--id", String(lms.id)], { INVIGIL_DATA_DIR: dataDir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already revoked");
    const unknown = await runCli(["revoke-token", "--id", "999999"], { INVIGIL_DATA_DIR: dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no API token has id 999999");

    const handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      expect(await verifyApiToken(handle.db, lms.token, new Date())).toBeNull();
      expect((await verifyApiToken(handle.db, script.token, new Date()))?.id).toBe(script.id);
    } finally {
      await handle.close();
    }
  }, 300_000);
  it("creates a vendor OAuth client whose secret is printed once, lists it without the secret, and revokes it", async () => {
    const dataDir = await migratedFolder("pglite-vendor-clients");
    const created = await runCli(["create-vendor-client", "--backend", "acme", "--name", "Acme Proctoring"], { INVIGIL_DATA_DIR: dataDir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain("cannot be shown again");
    const [idLine, secretLine] = created.stdout.trim().split("\n");
    const clientId = /^client_id=([0-9a-f]{32})$/.exec(idLine!)![1]!;
    const clientSecret = /^client_secret=(ivs_[A-Za-z0-9_-]{43})$/.exec(secretLine!)![1]!;
    expect(created.stderr).not.toContain(clientSecret);

    const listed = await runCli(["list-vendor-clients"], { INVIGIL_DATA_DIR: dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${clientId}\\s+Acme Proctoring\\s+acme\\s+\\d{4}-\\d\\d-\\d\\d .*never\\s+active$`, "m"));
    expect(listed.stdout + listed.stderr).not.toContain(clientSecret.slice(4));

    let handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      expect(await authenticateVendorClient(handle.db, clientId, clientSecret, new Date())).toMatchObject({ backendName: "acme" });
    } finally {
      await handle.close();
    }

    const revoked = await runCli(["revoke-vendor-client", "--client-id", clientId], { INVIGIL_DATA_DIR: dataDir });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked vendor client "Acme Proctoring" (${clientId})`);
    const bad = await runCli(["revoke-vendor-client", "--client-id", "not-an-id"], { INVIGIL_DATA_DIR: dataDir });
    expect(bad.code).toBe(2);

    handle = await openDatabase({ kind: "embedded", dataDir });
    try {
      expect(await authenticateVendorClient(handle.db, clientId, clientSecret, new Date())).toBeNull();
    } finally {
      await handle.close();
    }
  }, 300_000);
});
