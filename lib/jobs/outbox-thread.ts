import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { applyMetricEvent, type MetricEvent } from "@/lib/metrics";
import { requestsInFlight } from "@/lib/requests-in-flight";
import type { OutboxThreadData, OutboxThreadMessage, OutboxThreadReply } from "./outbox-thread-protocol";

/**
 * The outbox worker in a worker thread of its own (decision 056). On PostgreSQL in a production
 * build the server's main thread answers requests only; the deliveries run beside it, at a lower
 * scheduling priority, from a bundle that `npm run build` writes next to Next's build
 * (scripts/build-outbox-thread.ts).
 */

/** The thread's nice value: on a machine whose cores are all busy, requests go before deliveries. */
export const OUTBOX_THREAD_NICE = 10;

/** Where `npm run build` writes the thread's bundle and the id of the Next build it belongs to. */
export function outboxThreadFiles(root: string = process.cwd()): { entry: string; stamp: string; buildId: string } {
  const dir = path.join(root, ".next", "invigil");
  return { entry: path.join(dir, "outbox-thread.mjs"), stamp: path.join(dir, "outbox-thread.build-id"), buildId: path.join(root, ".next", "BUILD_ID") };
}

export type OutboxPlacement = { where: "thread"; entry: string; databaseUrl: string } | { where: "main"; reason: string; warn: boolean };

/**
 * Where this process runs its outbox worker. A thread needs PostgreSQL (the embedded database is
 * one in-process engine that a second thread cannot open), a production build (the development
 * server never builds the bundle, and an old one would run old code), and the bundle of this very
 * build (its stamp names the build id).
 */
export function outboxPlacement(input: {
  nodeEnv: string;
  database: { kind: "postgres"; url: string } | { kind: "embedded" };
  setting: "thread" | "main";
  root?: string;
}): OutboxPlacement {
  if (input.database.kind !== "postgres") return { where: "main", reason: "the embedded database is opened by the main thread only", warn: false };
  if (input.setting === "main") return { where: "main", reason: "INVIGIL_OUTBOX_WORKER=main", warn: false };
  if (input.nodeEnv !== "production") return { where: "main", reason: "not a production build", warn: false };
  const files = outboxThreadFiles(input.root);
  if (!existsSync(files.entry) || !existsSync(files.stamp)) {
    return { where: "main", reason: `${path.relative(input.root ?? process.cwd(), files.entry)} is missing (build with \`npm run build\`)`, warn: true };
  }
  const buildId = existsSync(files.buildId) ? readFileSync(files.buildId, "utf8").trim() : "";
  if (readFileSync(files.stamp, "utf8").trim() !== buildId) {
    return { where: "main", reason: "its bundle belongs to another build (build with `npm run build`)", warn: true };
  }
  return { where: "thread", entry: files.entry, databaseUrl: input.database.url };
}

export interface OutboxThread {
  /** Resolves when the first thread is delivering; rejects if it failed before that. */
  ready: Promise<void>;
  /** Asks the thread to finish its run in progress and close its pools, then ends it. */
  stop(): Promise<void>;
  /** How many threads were started (1 + restarts). */
  starts(): number;
}

export interface OutboxThreadOptions {
  /** Applies a count the thread sent (default: this process's registry). */
  onMetric?: (event: MetricEvent) => void;
  /** Pause before a thread that failed or ended is started again. */
  restartDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * Starts the thread from `entry` and keeps one running: a thread that fails or ends without being
 * asked is started again after `restartDelayMs`. The thread never keeps the process alive.
 */
export function startOutboxThread(entry: string, settings: Omit<OutboxThreadData, "requestsInFlight">, options: OutboxThreadOptions = {}): OutboxThread {
  const data: OutboxThreadData = { ...settings, requestsInFlight: requestsInFlight().buffer as SharedArrayBuffer };
  const onMetric = options.onMetric ?? applyMetricEvent;
  const restartDelayMs = options.restartDelayMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.error(line));
  let stopping = false;
  let started = 0;
  let worker: Worker | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let resolveStopped: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  let settleReady: ((error?: Error) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = (error) => {
      settleReady = undefined;
      if (error) reject(error);
      else resolve();
    };
  });
  // A caller that never awaits `ready` (the server) must not see an unhandled rejection.
  ready.catch(() => undefined);

  const spawn = () => {
    started++;
    const current = new Worker(entry, { workerData: data });
    worker = current;
    current.unref();
    current.on("message", (reply: OutboxThreadReply) => {
      switch (reply.type) {
        case "ready":
          settleReady?.();
          return;
        case "metric":
          onMetric(reply.event);
          return;
        case "stopped":
          void current.terminate();
          return;
        case "failed":
          log(`[invigil] outbox thread failed: ${reply.message}`);
          settleReady?.(new Error(reply.message));
          void current.terminate();
          return;
      }
    });
    current.on("error", (error) => {
      log(`[invigil] outbox thread failed: ${error.message}`);
      settleReady?.(error);
    });
    current.on("exit", (code) => {
      if (worker === current) worker = undefined;
      settleReady?.(new Error(`the outbox thread ended before it was ready (exit code ${code})`));
      if (stopping) {
        resolveStopped?.();
        return;
      }
      log(`[invigil] outbox thread ended (exit code ${code}); starting another in ${restartDelayMs / 1000} s`);
      restartTimer = setTimeout(spawn, restartDelayMs);
      restartTimer.unref();
    });
  };
  spawn();

  return {
    ready,
    starts: () => started,
    stop: () => {
      if (!stopping) {
        stopping = true;
        clearTimeout(restartTimer);
        const current = worker;
        if (current) {
          current.postMessage({ type: "stop" } satisfies OutboxThreadMessage);
          // A thread that does not answer (a run stuck past its own wait) is ended anyway.
          setTimeout(() => void current.terminate(), 15_000).unref();
        } else resolveStopped?.();
      }
      return stopped;
    },
  };
}
