/**
 * The outbox worker's own thread (decision 056): what runs inside the worker thread that
 * lib/jobs/outbox-thread.ts starts. Bundled into one file by scripts/build-outbox-thread.ts at
 * `npm run build`, because a worker thread loads a plain JavaScript file and Next's server bundles
 * are not loadable one by one.
 *
 * The thread has everything the worker needs of its own: its pool of PostgreSQL connections, the
 * configuration cache with its own LISTEN, the SMTP pool and the handlers. It shares nothing
 * with the main thread but the database; its counts go to the main thread's metrics registry as
 * messages. It lowers its own scheduling priority first, so that on a busy machine the requests
 * of the main thread run before the deliveries.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "@/db/client";
import { startConfigCache } from "@/lib/data/config-cache";
import { forwardMetrics } from "@/lib/metrics";
import { createJobHandlers } from "./handlers";
import { createMailer } from "./mailer";
import { BUSY_REQUESTS_IN_FLIGHT, type OutboxThreadData, type OutboxThreadMessage, type OutboxThreadReply } from "./outbox-thread-protocol";
import { OUTBOX_DB_CONNECTIONS, drainOutbox, recordedRuns, startLoop } from "./runner";

/** How long a stop waits for the delivery run in progress before closing the pools anyway. */
const STOP_WAIT_MS = 10_000;

function send(reply: OutboxThreadReply): void {
  parentPort!.postMessage(reply);
}

/**
 * Raises this thread's nice value (Linux: a thread has its own, and lowering one's own priority
 * needs no privilege). Its id is read from /proc/thread-self. Elsewhere, or when it fails, the
 * thread keeps the process's priority and says so once.
 */
function lowerPriority(nice: number): string | null {
  if (nice === 0) return null;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid <= 0) return "no thread id in /proc/thread-self";
    setPriority(tid, nice);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

async function main(): Promise<void> {
  const data = workerData as OutboxThreadData;
  const priorityProblem = lowerPriority(data.nice);
  if (priorityProblem) console.warn(`[invigil] outbox thread: kept the process's scheduling priority (${priorityProblem})`);
  forwardMetrics((event) => send({ type: "metric", event }));

  const handle = await openDatabase({ kind: "postgres", url: data.databaseUrl, max: OUTBOX_DB_CONNECTIONS, planEachRun: true });
  const cache = await startConfigCache(handle.db).catch((error: unknown) => {
    console.warn("[invigil] outbox thread: configuration cache not started:", (error as Error).message);
    return undefined;
  });
  const mailer = createMailer(data.mail);
  const handlers = createJobHandlers({ mailer, baseUrl: data.baseUrl });

  // While learners' requests are waiting on this process, one batch per tick: the requests keep
  // the cores, and the rest follows as soon as they have been answered (decision 056).
  const inFlight = new Int32Array(data.requestsInFlight);
  const requestsWaiting = () => Atomics.load(inFlight, 0) >= BUSY_REQUESTS_IN_FLIGHT;
  let current: Promise<unknown> = Promise.resolve();
  const run = recordedRuns(handle.db, "outbox_worker", () => drainOutbox(handle.db, handlers, { yieldTo: requestsWaiting }));
  const stopLoop = startLoop("outbox worker", data.intervalMs, () => (current = run()));

  parentPort!.on("message", (message: OutboxThreadMessage) => {
    if (message.type !== "stop") return;
    stopLoop();
    const waited = new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref());
    void Promise.race([current.catch(() => undefined), waited])
      .then(async () => {
        mailer?.close();
        await cache?.stop().catch(() => undefined);
        await handle.close().catch(() => undefined);
      })
      // The host ends the thread when it reads this.
      .finally(() => send({ type: "stopped" }));
  });
  send({ type: "ready" });
}

main().catch((error: unknown) => {
  // The host logs it, ends the thread and starts another after a pause.
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
});
