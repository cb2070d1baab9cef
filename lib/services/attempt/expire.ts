import { and, asc, lt, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { attempts, type Attempt } from "@/db/schema";
import { expiryInstant, isExpired } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { systemContext } from "@/lib/data/context";
import { lockAttempt } from "./store";
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

/**
 * The sweeper: submits every attempt whose time has run out, even when nobody reads it (a learner
 * who closed the laptop). Works in batches of `batchSize`, one transaction each: the batch's due
 * rows are claimed with FOR UPDATE SKIP LOCKED, so any number of app instances share the work
 * without waiting on each other and without ending an attempt twice, and a row a verb holds (a
 * learner's submit mid-flight) is left to that verb. Each claimed row is then ended through the
 * same transitionAttempt as every verb (history, audit, scoring, outbox), so the sweeper cannot
 * drift from the rules; see docs/decisions/042-batched-expiry.md for why the status change is not
 * (yet) one set-based statement. Returns how many it ended.
 */
export async function sweepExpiredAttempts(db: Db, now: Date = new Date(), limit = 500, batchSize = 100): Promise<number> {
  let ended = 0;
  while (ended < limit) {
    const { claimed, done } = await sweepBatch(db, now, Math.min(batchSize, limit - ended));
    ended += done;
    // A short batch means nothing else is due (or everything else is held by another instance).
    // A batch that ended nothing (every row failed) would be claimed again as it is: stop until the next tick.
    if (claimed < batchSize || done === 0) break;
  }
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
    let done = 0;
    for (const locked of due) {
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
