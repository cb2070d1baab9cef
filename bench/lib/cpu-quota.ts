import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A CPU quota for one process, through a cgroup of its own (Linux): the process may use at most
 * `cores` of a core's time, whatever else the machine has free. The mass-expiry bench uses it to
 * make each app instance stand for an instance on a host of its own, with a fixed CPU budget,
 * as a container with a CPU limit runs behind a load balancer. Without it, on a small machine
 * where PostgreSQL runs on the same cores, one instance and PostgreSQL already take every core,
 * and a second instance can only share them: what a second instance adds is then the machine's
 * spare CPU, not the design's scaling.
 *
 * Works with cgroup v2 (`cpu.max`) where the cpu controller is enabled for the bench's own
 * group's children, and with cgroup v1's cpu controller (`cpu.cfs_quota_us`); needs write access
 * to it (root, as the bench machine runs). Throws with a plain message when neither is usable.
 */
export interface CpuQuota {
  /** The cgroup's folder. */
  readonly dir: string;
  /** Removes the group; its processes must have exited. */
  remove(): void;
}

const PERIOD_US = 100_000;
const V2_ROOT = "/sys/fs/cgroup";
const V1_CPU = "/sys/fs/cgroup/cpu";

function v2Parent(): string | null {
  if (!existsSync(path.join(V2_ROOT, "cgroup.controllers"))) return null;
  // The bench's own group ("0::/path"), whose children may get the cpu controller.
  const own = readFileSync("/proc/self/cgroup", "utf8")
    .split("\n")
    .find((line) => line.startsWith("0::"));
  if (!own) return null;
  const parent = path.join(V2_ROOT, own.slice(3));
  try {
    if (!readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8").split(/\s+/).includes("cpu")) {
      writeFileSync(path.join(parent, "cgroup.subtree_control"), "+cpu");
    }
    return parent;
  } catch {
    // A group with processes of its own cannot give controllers to children (cgroup v2's rule).
    return null;
  }
}

/** Puts `pid` (every thread of it, and what it forks later) in a new cgroup limited to `cores`. */
export function limitCpu(pid: number, cores: number, name: string): CpuQuota {
  if (!(cores > 0)) throw new Error(`a CPU quota needs a positive number of cores, not ${cores}`);
  const quotaUs = Math.max(1_000, Math.round(cores * PERIOD_US));
  const parent = v2Parent();
  if (parent) {
    const dir = path.join(parent, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "cpu.max"), `${quotaUs} ${PERIOD_US}`);
    writeFileSync(path.join(dir, "cgroup.procs"), String(pid));
    return { dir, remove: () => rmdirSync(dir) };
  }
  if (existsSync(path.join(V1_CPU, "cpu.cfs_quota_us"))) {
    const dir = path.join(V1_CPU, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(PERIOD_US));
    writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(quotaUs));
    writeFileSync(path.join(dir, "cgroup.procs"), String(pid));
    return { dir, remove: () => rmdirSync(dir) };
  }
  throw new Error("no writable cgroup cpu controller here (cgroup v2 with cpu delegated, or v1's cpu): cannot limit an instance's CPU");
}

/** How often the group's processes waited for their quota, and for how long (ms), so far. */
export function throttled(quota: CpuQuota): { periods: number; ms: number } {
  const stat = readFileSync(path.join(quota.dir, "cpu.stat"), "utf8");
  const field = (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(stat)?.[1] ?? 0);
  // v2 counts in µs (throttled_usec), v1 in ns (throttled_time).
  const ms = stat.includes("throttled_usec") ? field("throttled_usec") / 1000 : field("throttled_time") / 1e6;
  return { periods: field("nr_throttled"), ms };
}
