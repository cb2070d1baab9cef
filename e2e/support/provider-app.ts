import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/**
 * A production Invigil server of its own (`next start`) on `port`, configured for a sign-in
 * provider with exactly the variables the README's sign-in section lists, on a fresh embedded
 * database in `dataDir` with the demo accounts. `prepare` runs SQL on that database before the
 * server opens it (the embedded database allows one process at a time).
 */
export interface ProviderApp {
  origin: string;
  output: () => string;
  stop: () => Promise<void>;
}

const BASE_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: "provider-e2e-secret-0123456789abcdef0123456789",
  INVIGIL_SECRET_KEY: "provider-e2e-key-0123456789abcdef0123456789ab",
};

export async function startProviderApp(options: {
  port: number;
  dataDir: string;
  env: Record<string, string>;
  prepare?: string[];
}): Promise<ProviderApp> {
  rmSync(options.dataDir, { recursive: true, force: true });
  const seeded = spawnSync("node_modules/.bin/tsx", ["cli/invigil.ts", "seed-demo"], {
    env: { ...BASE_ENV, NODE_ENV: "development", DATABASE_URL: "", INVIGIL_DATA_DIR: options.dataDir } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stdout}\n${seeded.stderr}`);
  if (options.prepare?.length) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const db = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
    for (const statement of options.prepare) await db.exec(statement);
    await db.close();
  }
  const origin = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(options.port)], {
    env: { ...BASE_ENV, DATABASE_URL: "", INVIGIL_DATA_DIR: options.dataDir, ...options.env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app stopped:\n${output}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    origin,
    output: () => output,
    // SIGTERM lets Next finish what it is serving; a browser page still holding a keep-alive
    // connection can keep it waiting, so after 10 s it is killed: the app's data folder is
    // thrown away anyway.
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (child.exitCode === null) child.kill("SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
