import { and, asc, lt, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { attempts, type Attempt } from "@/db/schema";
import { expiryInstant, isExpired } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { systemContext } from "@/lib/data/context";
import { lockAttempt } from "./store";
import { expireClaimedAttempts } from "./expire-batch";
import { transitionAttempt } from "./transition";

/**
 * The expiry rule of §5.6, stored: an attempt whose time ran out is submitted with completed_at =
 * the expiry instant. Verbs call it before they act; queries only show the effective state
 * (effectiveAttempt, decision 022).
 * Returns the attempt as it is after the check.
 */
export async function applyExpiry(ctx: ServiceContext, attempt: Attempt): Promise<Attempt> {
  if (!isExpired(attempt, ctx.now)) return attempt;
  return ctx.db.transaction(async (tx) => (await expireLocked(tx, ctx, attempt.id)) ?? attempt);
}

/**
 * The verb the learner read routes call when their pure query saw attempts whose time ran out
 * and whose expiry is not stored yet (the query's `expiring`, lib/queries/learner-attempts.ts):
 * stores each one (history, audit, the submission e-mail in the outbox), under its row lock,
 * re-checked there, so a concurrent submit or the sweeper wins cleanly. The ids come from a read
 * that already checked who may see them; storing an expiry is what any verb or the sweeper would
 * do to those rows anyway (docs/decisions/025-learner-reads-and-keyset-paging.md).
 */
export async function expireAttempts(ctx: ServiceContext, attemptIds: readonly number[]): Promise<void> {
  for (const id of new Set(attemptIds)) {
    await ctx.db.transaction(async (tx) => {
      await expireLocked(tx, ctx, id);
    });
  }
}

/** Inside a transaction: lock, re-check, and submit if the time ran out. */
export async function expireLocked(tx: DbOrTx, ctx: ServiceContext, attemptId: number): Promise<Attempt | null> {
  const locked = await lockAttempt(tx, attemptId);
  if (!locked) return null;
  if (!isExpired(locked, ctx.now) || !locked.startedAt || locked.allowedTimeLimitMins === null) return locked;
  const { attempt } = await transitionAttempt(tx, ctx, locked, "timed_out", {
    action: "attempt.expire",
    timeoutAt: expiryInstant(locked.startedAt, locked.allowedTimeLimitMins),
  });
  return attempt;
}

export interface SweepOptions {
  /** Most attempts ended per call (one runner tick); the rest wait for the next. */
  limit?: number;
  /** Attempts claimed per transaction. */
  batchSize?: number;
  /** Batches in flight at once, each on its own connection (PGlite runs them one after another). */
  concurrency?: number;
}

export const SWEEP_DEFAULTS = { limit: 20_000, batchSize: 250, concurrency: 2 } as const;

/**
 * The sweeper: submits every attempt whose time has run out, even when nobody reads it (a learner
 * who closed the laptop). Works in batches, one transaction each, several at once: a batch's due
 * rows are claimed with FOR UPDATE SKIP LOCKED, so concurrent batches and any number of app
 * instances take disjoint rows without waiting on each other, and a row a verb holds (a learner's
 * submit mid-flight) is left to that verb. A batch is ended by set-based statements
 * (expireClaimedAttempts: a fixed number of statements per batch, the same rows transitionAttempt
 * writes); an attempt that path does not cover, or a whole batch whose set-based write failed,
 * goes through transitionAttempt one attempt at a time, in a savepoint each.
 * See docs/decisions/042-batched-expiry.md and 050-set-based-expiry.md. Returns how many it ended.
 */
export async function sweepExpiredAttempts(db: Db, now: Date = new Date(), options: SweepOptions = {}): Promise<number> {
  const limit = options.limit ?? SWEEP_DEFAULTS.limit;
  const batchSize = options.batchSize ?? SWEEP_DEFAULTS.batchSize;
  const concurrency = Math.max(1, options.concurrency ?? SWEEP_DEFAULTS.concurrency);
  let ended = 0;
  // Claimed so far, counted when a batch is claimed, so that concurrent workers never claim past the limit.
  let reserved = 0;
  let exhausted = false;
  const worker = async () => {
    while (!exhausted && reserved < limit) {
      const size = Math.min(batchSize, limit - reserved);
      reserved += size;
      const { claimed, done } = await sweepBatch(db, now, size);
      reserved -= size - claimed;
      ended += done;
      // A short batch means nothing else is due (or everything else is held by another worker).
      // A batch that ended nothing (every row failed) would be claimed again as it is: stop until the next tick.
      if (claimed < size || done === 0) exhausted = true;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ended;
}

async function sweepBatch(db: Db, now: Date, size: number): Promise<{ claimed: number; done: number }> {
  const ctx = systemContext(db, "expiry-sweeper", now);
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(attempts)
      // Reads only due rows, through the partial index on running attempts' expiry.
      .where(and(runningStatusSql(), lt(attempts.expiresAt, now)))
      // Ordered by the index's key: with only a LIMIT the planner, which reads most attempts' (past)
      // expiry as matching, preferred a sequential scan that stops early — 124 ms over 300,000
      // attempts every 2 s instead of 0.05 ms. Oldest due first is also the fair order.
      .orderBy(asc(attempts.expiresAt))
      .limit(size)
      .for("update", { skipLocked: true });
    if (due.length === 0) return { claimed: 0, done: 0 };

    let done = 0;
    let oneByOne: Attempt[];
    try {
      // A savepoint around the set-based statements: if they fail, the batch is ended one by one instead.
      const result = await tx.transaction((sp) => expireClaimedAttempts(sp, ctx, due));
      done += result.ended;
      oneByOne = result.fallback;
    } catch (error) {
      console.error(`[invigil] expiry sweeper: the batch's set-based write failed; ending its ${due.length} attempts one by one`, error);
      oneByOne = due;
    }
    for (const locked of oneByOne) {
      // Locked with the WHERE re-checked on the latest row version, so it is still running and
      // due; the rule is asked once more so the sweeper ends exactly what a verb would.
      if (!isExpired(locked, now) || !locked.startedAt || locked.allowedTimeLimitMins === null) continue;
      try {
        // A savepoint per attempt: one bad row is rolled back alone and the batch goes on.
        const { changed } = await tx.transaction((sp) =>
          transitionAttempt(sp, ctx, locked, "timed_out", {
            action: "attempt.expire",
            timeoutAt: expiryInstant(locked.startedAt!, locked.allowedTimeLimitMins!),
          }),
        );
        if (changed) done++;
      } catch (error) {
        console.error(`[invigil] expiry sweeper: attempt ${locked.id} failed`, error);
      }
    }
    return { claimed: due.length, done };
  });
}

/**
 * `status in ('started', 'ready_to_submit')` with the statuses written into the SQL text, not as
 * parameters: the predicate of the partial index attempts_running_expiry_idx. A prepared
 * statement's generic plan cannot prove a parameterised IN implies that predicate and falls back
 * to scanning the course (65 ms at 300,000 attempts instead of 0.1 ms); a literal it can.
 */
export function runningStatusSql(): SQL {
  return sql`${attempts.status} in ('started', 'ready_to_submit')`;
}
