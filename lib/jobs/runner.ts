import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { setOutboxDeliveryLimit } from "@/lib/metrics";
import { sweepExpiredAttempts } from "@/lib/services/attempt/expire";
import { createJobHandlers } from "./handlers";
import { createMailer, type MailConfig } from "./mailer";
import { OUTBOX_CONCURRENCY } from "./delivery-plan";
import { runOutboxOnce, safeErrorMessage, type OutboxHandlers } from "./outbox";
import { LOOP_SHARE_DEFAULTS, LoopShare } from "./share";

export interface BackgroundJobsOptions {
  /** SMTP for learner e-mails; without it they are skipped (marked done with a note). */
  mail?: MailConfig | null;
  /** Replaces the default handlers (tests). */
  handlers?: OutboxHandlers;
  outboxIntervalMs?: number;
  sweepIntervalMs?: number;
  /**
   * The outbox worker's own client, a small pool (OUTBOX_DB_CONNECTIONS): however many messages
   * it delivers at once, requests and the expiry sweeper keep the app's pool. Without it (the
   * embedded database, tests) the worker shares `db`.
   */
  outboxDb?: Db;
  /**
   * False when the outbox worker runs elsewhere (a worker thread of its own,
   * lib/jobs/outbox-thread.ts): only the expiry sweeper is started here.
   */
  outbox?: boolean;
}

/**
 * A loop that runs `task` every `intervalMs`, never twice at once (a slow run makes the next
 * tick skip), logging failures without stopping. The timer does not keep Node alive.
 */
export function startLoop(name: string, intervalMs: number, task: () => Promise<unknown>): () => void {
  let running = false;
  let stopped = false;
  let lastError: { text: string; at: number } | undefined;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    task()
      .then(() => {
        lastError = undefined;
      })
      .catch((error: unknown) => {
        // A database that is down would fail every second: log a repeated error once a minute.
        const text = safeErrorMessage(error);
        const at = Date.now();
        if (lastError?.text !== text || at - lastError.at > 60_000) {
          lastError = { text, at };
          console.error(`[invigil] ${name} failed: ${text}`);
        }
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** A loop's run is written to job_runs at most this often per instance (a failure at once). */
export const JOB_RUN_RECORD_INTERVAL_MS = 15_000;

/**
 * Wraps a loop's task so its runs are recorded in job_runs for the admin health page: when it
 * last ran, last succeeded, and the last error. Written after the task, throttled per instance,
 * and a failed write is ignored (the health page may lag; the task's own outcome is unchanged).
 */
export function recordedRuns(db: Db, name: string, task: () => Promise<unknown>, now: () => number = Date.now): () => Promise<unknown> {
  let lastWrite = 0;
  let lastFailed = false;
  const write = async (started: number, error: unknown) => {
    const finished = now();
    const failed = error !== undefined;
    if (!failed && !lastFailed && finished - lastWrite < JOB_RUN_RECORD_INTERVAL_MS) return;
    lastWrite = finished;
    lastFailed = failed;
    const runAt = new Date(started);
    const row = {
      name,
      lastRunAt: runAt,
      lastOkAt: failed ? null : new Date(finished),
      lastError: failed ? safeErrorMessage(error).slice(0, 1000) : null,
      lastDurationMs: Math.min(2_147_483_647, finished - started),
    };
    await db
      .insert(jobRuns)
      .values(row)
      .onConflictDoUpdate({
        target: jobRuns.name,
        set: {
          lastRunAt: row.lastRunAt,
          // A failed run keeps the last success's time.
          lastOkAt: failed ? sql`${jobRuns.lastOkAt}` : row.lastOkAt,
          lastError: row.lastError,
          lastDurationMs: row.lastDurationMs,
        },
      })
      .catch(() => undefined);
  };
  return async () => {
    const started = now();
    try {
      const result = await task();
      await write(started, undefined);
      return result;
    } catch (error) {
      await write(started, error ?? new Error("failed"));
      throw error;
    }
  };
}

/** Connections of the outbox worker's own pool (the app's pool has 10, db/client.ts). */
export const OUTBOX_DB_CONNECTIONS = 3;
const OUTBOX_BATCH = 100;
const OUTBOX_MAX_BATCHES_PER_TICK = 40;

let instanceShare: LoopShare | undefined;
/**
 * The instance's bound on the worker's deliveries in flight while the event loop makes requests
 * wait (decision 051): one per process, so what one tick learnt about the loop carries over to the next.
 */
export function outboxLoopShare(): LoopShare {
  return (instanceShare ??= new LoopShare({ ...LOOP_SHARE_DEFAULTS, max: OUTBOX_CONCURRENCY, onChange: setOutboxDeliveryLimit }));
}

/**
 * Delivers due messages batch after batch while batches come back full (a burst of submits
 * leaves four messages each), up to a bound per tick so one tick never runs forever. Within a
 * batch, messages are delivered side by side (runOutboxOnce, decision 047).
 *
 * `yieldTo`, asked after each batch: true ends the tick there, so while it holds the worker
 * delivers one batch per tick (the outbox thread passes "the main thread is busy answering
 * requests", decision 056).
 */
export async function drainOutbox(
  db: Db,
  handlers: OutboxHandlers,
  options: { share?: LoopShare | null; yieldTo?: () => boolean } = {},
): Promise<number> {
  const share = options.share === undefined ? outboxLoopShare() : options.share;
  let delivered = 0;
  for (let i = 0; i < OUTBOX_MAX_BATCHES_PER_TICK; i++) {
    const result = await runOutboxOnce(db, new Date(), handlers, { batch: OUTBOX_BATCH, share });
    delivered += result.claimed;
    if (result.claimed < OUTBOX_BATCH || options.yieldTo?.()) break;
  }
  return delivered;
}

/**
 * Starts the server's background loops: the outbox worker and the expiry sweeper, each every
 * second (an idle sweep is one index probe; decision 050). Safe on several instances: both claim
 * their rows with FOR UPDATE SKIP LOCKED. Returns a stop function.
 */
export function startBackgroundJobs(db: Db, options: BackgroundJobsOptions = {}): () => void {
  const stops = [startLoop("expiry sweeper", options.sweepIntervalMs ?? 1_000, recordedRuns(db, "expiry_sweeper", () => sweepExpiredAttempts(db, new Date())))];
  if (options.outbox !== false) {
    const handlers = options.handlers ?? createJobHandlers({ mailer: createMailer(options.mail), baseUrl: getEnv().baseUrl });
    stops.push(startLoop("outbox worker", options.outboxIntervalMs ?? 1_000, recordedRuns(db, "outbox_worker", () => drainOutbox(options.outboxDb ?? db, handlers))));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
