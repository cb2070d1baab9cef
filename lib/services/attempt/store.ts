import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptHistory, attempts, type Attempt } from "@/db/schema";
import { builtStatement, tableReader } from "@/lib/data/built-statement";

// The plain look-ups moved to lib/data (decision 022); verbs keep importing them from here.
export {
  allowanceValue,
  attemptsOfPair,
  currentAttempt,
  dueDateSources,
  findAttempt,
  findCourse,
  findExam,
  findUser,
  learnerDueDate,
  requireExam,
  type AttemptBundle,
} from "@/lib/data/attempts";

/**
 * Reads and locks an attempt row for the rest of the transaction: concurrent verbs on one
 * attempt (a double-clicked submit racing the expiry sweeper) run one after the other, and each
 * sees the status the previous one left.
 */
export async function lockAttempt(tx: DbOrTx, id: number): Promise<Attempt | null> {
  const [row] = await lockStatement(tx, { id });
  return row ?? null;
}

const lockStatement = builtStatement(
  "invigil_lock_attempt",
  (db) => db.select().from(attempts).where(eq(attempts.id, sql.placeholder("id"))).for("update").limit(1),
  tableReader(attempts).read as (row: readonly unknown[]) => Attempt,
);

/** Copies an attempt's state into history (before a status change, or before deletion, §2.4). */
export async function archiveAttempt(tx: DbOrTx, attempt: Attempt, now: Date): Promise<void> {
  await tx.insert(attemptHistory).values(historyRow(attempt, now));
}

/** The attempt_history row archiveAttempt writes for `attempt` (also written as part of a transition's UPDATE, and many at once by the expiry sweeper). */
export function historyRow(attempt: Attempt, now: Date): typeof attemptHistory.$inferInsert {
  const { id, created: _created, modified: _modified, scoreEarned: _e, scorePossible: _p, expiresAt: _x, ...rest } = attempt;
  return { ...rest, attemptId: id, created: now, modified: now };
}

/** Upper-case UUID4, the unguessable attempt handle of §2.3. */
export function newAttemptCode(): string {
  return crypto.randomUUID().toUpperCase();
}

