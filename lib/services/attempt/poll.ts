import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts, exams, users, type Attempt, type Exam } from "@/db/schema";
import { recordHeartbeat } from "./heartbeats";

export interface FastPoll {
  attempt: Attempt;
  exam: Exam;
  user: { id: number; username: string; email: string };
}

function buildPollStatement(db: Db) {
  return db
    .select({ attempt: attempts, exam: exams, username: users.username, email: users.email })
    .from(attempts)
    .innerJoin(exams, eq(exams.id, attempts.examId))
    .innerJoin(users, eq(users.id, attempts.userId))
    .where(
      and(
        eq(attempts.id, sql.placeholder("attemptId")),
        eq(attempts.userId, sql.placeholder("userId")),
        eq(users.isActive, true),
        inArray(attempts.status, ["started", "ready_to_submit"]),
        gt(attempts.expiresAt, sql`${sql.placeholder("now")}::timestamptz`),
      ),
    )
    .limit(1)
    .prepare("invigil_poll_running_attempt");
}

/** The statement is built once per database handle (drizzle's SQL building was ~10% of a poll). */
const statements = new WeakMap<Db, ReturnType<typeof buildPollStatement>>();

/**
 * The timer poll's common case in one read: the learner (active) polls their own running,
 * not-yet-due attempt. Returns the attempt as it is after this poll's heartbeat (which is
 * buffered and written within a second, see heartbeats.ts), its exam and the learner. Null means
 * "not the common case": the caller takes the general path, which gives the exact answer (not
 * found, not yours, expired, ...). Same checks as readOwnAttempt's fast path, minus the actor's
 * roles, which a poll never needs.
 */
export async function pollRunningAttempt(
  db: Db,
  input: { attemptId: number; userId: number; now: Date; ipAddress: string | null },
): Promise<FastPoll | null> {
  let statement = statements.get(db);
  if (!statement) {
    statement = buildPollStatement(db);
    statements.set(db, statement);
  }
  const [row] = await statement.execute({ attemptId: input.attemptId, userId: input.userId, now: input.now.toISOString() });
  if (!row) return null;
  const attempt = heartbeatOf(db, row.attempt, input.now, input.ipAddress);
  return { attempt, exam: row.exam, user: { id: attempt.userId, username: row.username, email: row.email } };
}

/**
 * Records a running attempt's heartbeat (buffered, heartbeats.ts) and returns the attempt as it
 * reads once that heartbeat is written, so the poll's answer already shows it.
 */
export function heartbeatOf(db: Db, attempt: Attempt, now: Date, ipAddress: string | null | undefined): Attempt {
  const ip = ipAddress ? ipAddress.slice(0, 64) : null;
  recordHeartbeat(db, attempt.id, now, ip);
  const newer = (a: Date | null) => a !== null && a > now;
  return {
    ...attempt,
    lastPollTimestamp: newer(attempt.lastPollTimestamp) ? attempt.lastPollTimestamp : now,
    lastPollIpaddr: newer(attempt.lastPollTimestamp) ? attempt.lastPollIpaddr : (ip ?? attempt.lastPollIpaddr),
    modified: attempt.modified > now ? attempt.modified : now,
  };
}
