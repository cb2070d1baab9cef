import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { outboxThreadFiles } from "@/lib/jobs/outbox-thread";
import { sleep } from "./config";

/**
 * The production server for a bench run: `next start` of the tree's build, from a private copy of
 * it, on a free port of 127.0.0.1, in its own process group, started when `/api/health` answers
 * 200 and stopped (the whole group) by `stop()`.
 *
 * The copy: other people rebuild `.next` in this tree while a run is going, and a `next build`
 * empties the folder under a running server.
 */

/** Why the tree's build cannot be benchmarked (missing, or older than the code), or null. */
export function buildProblem(root: string, neededRoutes: readonly string[] = [], needs: { outboxThread?: boolean } = {}): string | null {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    return "no production build (.next/BUILD_ID is missing). Run `npm run build` first.";
  }
  if (!existsSync(path.join(root, "node_modules", ".bin", "next"))) return "node_modules/.bin/next is missing. Run `npm ci` first.";
  // Without it the server delivers the outbox on its main thread (decision 056): another setup than production's.
  if (needs.outboxThread && !existsSync(outboxThreadFiles(root).entry)) {
    return "the production build has no outbox thread bundle (.next/invigil/outbox-thread.mjs): it was made by `next build` alone. Run `npm run build`.";
  }
  const manifest = path.join(root, ".next", "app-path-routes-manifest.json");
  const routes = existsSync(manifest) ? readFileSync(manifest, "utf8") : "";
  for (const needed of neededRoutes) {
    if (!routes.includes(`"${needed}"`)) return `the production build has no ${needed} route: it is older than the code. Run \`npm run build\` again.`;
  }
  return null;
}

/** Copies the production build (without its cache) and what `next start` reads next to it; returns its build id. */
export function snapshotBuild(root: string, appDir: string): string {
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  const cacheDir = path.join(root, ".next", "cache");
  cpSync(path.join(root, ".next"), path.join(appDir, ".next"), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src !== cacheDir && !src.startsWith(cacheDir + path.sep),
  });
  for (const item of ["next.config.mjs", "package.json", "public", path.join("db", "migrations")]) {
    if (existsSync(path.join(root, item))) cpSync(path.join(root, item), path.join(appDir, item), { recursive: true });
  }
  symlinkSync(path.join(root, "node_modules"), path.join(appDir, "node_modules"), "dir");
  const buildId = path.join(appDir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error("the build changed while it was copied (is a `next build` running?): try again when it is done");
  return readFileSync(buildId, "utf8").trim();
}

export interface ServerHandle {
  port: number;
  child: ChildProcess;
  /** The server's last 400 lines of output. */
  output: () => string;
  /**
   * Lines of its whole output that report an error nobody caught (an uncaught exception or an
   * unhandled rejection, which Next logs and survives), kept however much it printed after them.
   */
  uncaught: () => string[];
  /** SIGTERM to the process group, SIGKILL after 5 s; resolves once it has exited. */
  stop: () => Promise<void>;
  /** SIGKILL now (for process "exit" handlers, which cannot wait). */
  killNow: () => void;
}

/**
 * How Node and Next print an error nobody caught: Next logs an uncaught exception as the error
 * itself (its stack's first line, `TypeError: …`) and an unhandled rejection as
 * `⨯ unhandledRejection: …`; a line of our own logs never starts that way.
 */
const UNCAUGHT_LINE = /^\s*(?:⨯\s*)?(?:uncaughtException|unhandledRejection)\b|^(?:TypeError|ReferenceError|RangeError|SyntaxError)\b/;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/api/health", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
  });
}

/** The server's start-up line saying where its outbox worker runs (decision 056), or a note that it said nothing. */
export function outboxWorkerLine(server: ServerHandle): string {
  const line = server.output().split("\n").find((l) => l.includes("[invigil] outbox worker:"));
  return line ? line.replace(/^.*\[invigil\] /, "") : "outbox worker: (the server did not say where)";
}

export interface StartOptions {
  /** The build copy to run (snapshotBuild). */
  appDir: string;
  /** The app's configuration: DATABASE_URL, AUTH_SECRET, INVIGIL_SECRET_KEY, … (INVIGIL_BASE_URL is set to the server's address). */
  env: Record<string, string>;
  /** Node flags (e.g. --cpu-prof), which NODE_OPTIONS refuses: next's script then runs under node. */
  nodeArgs?: string[];
  /** A fixed port; a free one otherwise. */
  port?: number;
  healthTimeoutMs?: number;
}

/** Starts `next start` (NODE_ENV=production) and waits until /api/health answers 200. */
export async function startServer(options: StartOptions): Promise<ServerHandle> {
  const port = options.port ?? (await freePort());
  const bin = path.join(options.appDir, "node_modules", ".bin", "next");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    INVIGIL_BASE_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // Where the server runs its outbox worker (decision 056), when the bench's caller chooses.
    ...(process.env.INVIGIL_OUTBOX_WORKER ? { INVIGIL_OUTBOX_WORKER: process.env.INVIGIL_OUTBOX_WORKER } : {}),
    ...options.env,
  };
  const nodeArgs = options.nodeArgs ?? [];
  const [command, args] = nodeArgs.length === 0 ? [bin, [] as string[]] : [process.execPath, [...nodeArgs, realpathSync(bin)]];
  // Its own process group, so stopping it stops whatever it forks too.
  const child = spawn(command, [...args, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: options.appDir,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const uncaught: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      if (UNCAUGHT_LINE.test(line) && uncaught.length < 20) uncaught.push(line);
    }
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  const handle: ServerHandle = {
    port,
    child,
    output: () => lines.join("\n"),
    uncaught: () => [...uncaught],
    killNow: () => {
      if (!exited) signal("SIGKILL");
    },
    stop: async () => {
      if (exited) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };

  const timeoutMs = options.healthTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server exited during start-up:\n${handle.output()}`);
    try {
      if ((await healthStatus(port)) === 200) return handle;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  await handle.stop();
  throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s:\n${handle.output()}`);
}
