import { readFileSync } from "node:fs";
import type postgres from "postgres";

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
export const CLK_TCK = 100;

/** utime + stime of a process, in ms; null when it is gone or /proc is not there. */
export function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/**
 * CPU ms of each PostgreSQL backend connected to one database (the server runs on this machine,
 * so its backends' pids are readable in /proc), keyed by pid. The asking connection is left out.
 */
export async function pgBackendCpuMs(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const rows = await admin.unsafe(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  for (const row of rows) {
    const ms = procCpuMs(Number(row.pid));
    if (ms !== null) out.set(Number(row.pid), ms);
  }
  return out;
}

/**
 * CPU used by backends between two samples: each backend's latest reading minus its first
 * (a backend that connected after `before` counts from zero). A backend that disconnected before
 * the last sample counts up to its last reading, so sample often enough to see them.
 */
export class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  constructor(private readonly admin: postgres.Sql, private readonly database: string) {}

  /** Reads every backend now; the first sample is the baseline. */
  async sample(baseline = false): Promise<void> {
    const now = await pgBackendCpuMs(this.admin, this.database);
    for (const [pid, ms] of now) {
      if (baseline) this.first.set(pid, ms);
      else if (!this.first.has(pid)) this.first.set(pid, 0);
      this.last.set(pid, ms);
    }
  }

  /** Total CPU ms since the baseline. */
  usedMs(): number {
    let total = 0;
    for (const [pid, ms] of this.last) total += ms - (this.first.get(pid) ?? 0);
    return total;
  }
}

/** The machine's CPU time so far, from /proc/stat's first line, in ms: all of it, and the part not idle (idle and iowait left out). */
export function machineCpuMs(): { totalMs: number; busyMs: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { totalMs: (total * 1000) / CLK_TCK, busyMs: ((total - idle) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

/** Cores busy on average between two machineCpuMs() readings (of every process, this one too). */
export function coresBusy(before: ReturnType<typeof machineCpuMs>, after: ReturnType<typeof machineCpuMs>, wallMs: number): number | null {
  if (!before || !after || wallMs <= 0) return null;
  return (after.busyMs - before.busyMs) / wallMs;
}
