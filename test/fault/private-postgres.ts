import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A PostgreSQL server of the fault test's own: `initdb` into a temporary folder and `pg_ctl` on
 * a port nobody else uses, so stopping it (the outage under test) never touches the machine's
 * PostgreSQL service or anyone's databases. PostgreSQL refuses to run as root: when this runs as
 * root (CI here), its commands run as the `postgres` user through `runuser`.
 */

const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

export interface PrivatePostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  adminUrl: string;
  start(): void;
  /** Fast shutdown: open connections are cut, as in a crash or failover of a managed database. */
  stop(): void;
  /** Stops the server (if running) and removes its folder. */
  destroy(): void;
}

function binDir(): string {
  const fromEnv = process.env.FAULT_PG_BIN;
  if (fromEnv) return fromEnv;
  for (const dir of BIN_DIRS) {
    try {
      execFileSync(path.join(dir, "pg_ctl"), ["--version"], { stdio: "ignore" });
      return dir;
    } catch {
      /* not this version */
    }
  }
  throw new Error(`no PostgreSQL server binaries found (looked in ${BIN_DIRS.join(", ")}; FAULT_PG_BIN overrides)`);
}

export function createPrivatePostgres(port: number): PrivatePostgres {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "invigil-fault-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    execFileSync(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
  };
  // Trust on 127.0.0.1 only, a socket in our own folder (not /var/run/postgresql), small memory.
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 -c shared_buffers=32MB`;
  let running = false;
  const pg: PrivatePostgres = {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"]);
      running = true;
    },
    stop() {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      running = false;
    },
    destroy() {
      if (running) {
        try {
          pg.stop();
        } catch {
          run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pg;
}
