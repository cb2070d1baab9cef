import { and, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts, exams, users, type Attempt, type Exam } from "@/db/schema";

function prefixed<T extends Record<string, unknown>>(columns: T, prefix: string) {
  return Object.fromEntries(Object.entries(columns).map(([key, column]) => [`${prefix}${key}`, column])) as {
    [K in keyof T as `${typeof prefix}${K & string}`]: T[K];
  };
}

function unprefix<T>(row: Record<string, unknown>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out as T;
}

export interface FastPoll {
  attempt: Attempt;
  exam: Exam;
  user: { id: number; username: string; email: string };
}

/**
 * The timer poll's common case in one statement: the learner (active) polls their own running,
 * not-yet-due attempt. It records the heartbeat and returns the attempt, its exam and the
 * learner. Null means "not the common case": the caller takes the general path, which gives the
 * exact answer (not found, not yours, expired, ...). Same checks as readOwnAttempt's fast path,
 * minus the actor's roles, which a poll never needs.
 */
export async function pollRunningAttempt(
  db: Db,
  input: { attemptId: number; userId: number; now: Date; ipAddress: string | null },
): Promise<FastPoll | null> {
  const rows = await db
    .update(attempts)
    .set({
      lastPollTimestamp: input.now,
      ...(input.ipAddress ? { lastPollIpaddr: input.ipAddress.slice(0, 64) } : {}),
    })
    // FROM users JOIN exams ON true, tied to the attempt in WHERE (a JOIN in an UPDATE's FROM
    // cannot refer to the table being updated).
    .from(users)
    .innerJoin(exams, sql`true`)
    .where(
      and(
        eq(attempts.id, input.attemptId),
        eq(attempts.userId, input.userId),
        eq(users.id, attempts.userId),
        eq(users.isActive, true),
        eq(exams.id, attempts.examId),
        inArray(attempts.status, ["started", "ready_to_submit"]),
        gt(attempts.expiresAt, input.now),
      ),
    )
    .returning({
      ...prefixed(getTableColumns(attempts), "a_"),
      ...prefixed(getTableColumns(exams), "e_"),
      u_username: users.username,
      u_email: users.email,
    });
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  const attempt = unprefix<Attempt>(row, "a_");
  return {
    attempt,
    exam: unprefix<Exam>(row, "e_"),
    user: { id: attempt.userId, username: String(row.u_username), email: String(row.u_email) },
  };
}
