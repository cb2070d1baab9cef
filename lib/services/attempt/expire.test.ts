import { and, asc, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attemptHistory, attempts, auditLog, backendConfigs, outbox, type Attempt, type Exam } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { applyExpiry, sweepExpiredAttempts } from "./expire";
import { lockAttempt } from "./store";
import { transitionAttempt } from "./transition";

// A fresh database per test: the sweeper ends every due attempt it finds, so tests must not see
// each other's.
const t = setupTestDatabase("test");
const NOW = new Date("2031-05-01T10:00:00.000Z");
const LIMIT_MINS = 10;
const STARTED = new Date(NOW.getTime() - 11 * 60_000);
const EXPIRY = new Date(STARTED.getTime() + LIMIT_MINS * 60_000);

async function proctoredExam(db: Db): Promise<Exam> {
  await db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock Proctoring", isDefault: true }).onConflictDoNothing();
  const course = await makeCourse(db);
  return makeExam(db, { courseKey: course.courseKey, isProctored: true, timeLimitMins: LIMIT_MINS, backend: "mock" });
}

/** A learner's proctored attempt started 11 minutes before NOW with 10 minutes allowed. */
async function expiredAttempt(db: Db, exam: Exam): Promise<Attempt> {
  const user = await makeUser(db);
  const [course] = await db.query.courses.findMany({ where: (c, { eq: is }) => is(c.courseKey, exam.courseKey), limit: 1 });
  await makeEnrollment(db, { userId: user.id, courseId: course!.id, mode: "verified" });
  return makeAttempt(db, { exam, userId: user.id, status: "started", startedAt: STARTED, allowedTimeLimitMins: LIMIT_MINS, takingAsProctored: true });
}

async function lastOutboxId(db: Db): Promise<number> {
  const rows = await db.select({ id: outbox.id }).from(outbox).orderBy(asc(outbox.id));
  return rows.at(-1)?.id ?? 0;
}

/** Everything one expiry wrote, with the attempt's and learner's ids replaced so two can be compared. */
async function footprint(db: Db, attempt: Attempt, outboxAfter: number) {
  const id = attempt.id;
  const hide = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(`"${attempt.attemptCode}"`, '"CODE"'));
  const [row] = await db.select().from(attempts).where(eq(attempts.id, id));
  const { id: _i, userId: _u, attemptCode: _c, created: _cr, modified: _m, ...state } = row!;
  const history = (await db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, id)).orderBy(asc(attemptHistory.id))).map(
    ({ id: _h, attemptId: _a, userId: _hu, attemptCode: _hc, ...rest }) => rest,
  );
  const audit = (await db.select().from(auditLog).where(eq(auditLog.attemptId, id)).orderBy(asc(auditLog.id))).map(
    ({ id: _h, entityId: _e, attemptId: _a, subjectUserId: _s, requestId: _r, ...rest }) => rest,
  );
  const messages = (await db.select().from(outbox).where(gt(outbox.id, outboxAfter)).orderBy(asc(outbox.id)))
    .filter((m) => m.payload.attempt_id === id || m.payload.user_id === attempt.userId)
    .map(({ id: _o, requestId: _r, created: _oc, modified: _om, payload, ...rest }) => ({
      ...rest,
      payload: { ...payload, ...("attempt_id" in payload ? { attempt_id: "A" } : {}), ...("user_id" in payload ? { user_id: "U" } : {}) },
    }));
  return hide({ state, history, audit, messages });
}

describe("the expiry sweeper", () => {
  it("writes exactly what the per-attempt path (applyExpiry) writes: state, history, audit and outbox", async () => {
    const exam = await proctoredExam(t.db);
    const single = await expiredAttempt(t.db, exam);
    const swept = await expiredAttempt(t.db, exam);

    const before = await lastOutboxId(t.db);
    const after = await applyExpiry(systemContext(t.db, "expiry-sweeper", NOW), single);
    expect(after.status).toBe("submitted");
    expect(await sweepExpiredAttempts(t.db, NOW)).toBe(1);

    const a = await footprint(t.db, single, before);
    const b = await footprint(t.db, swept, before);
    expect(a.state).toMatchObject({ status: "submitted", completedAt: EXPIRY.toISOString() });
    expect(a.history).toHaveLength(1);
    expect(a.audit).toMatchObject([{ action: "attempt.expire", fromStatus: "started", toStatus: "submitted" }]);
    expect(a.messages.map((m: { topic: string }) => m.topic)).toContain("webhook.attempt_status");
    expect(a.messages.map((m: { topic: string }) => m.topic)).toContain("email.attempt_status");
    expect(b).toEqual(a);
  });

  it("ends a backlog larger than one batch, each attempt once, with completed_at = its expiry instant", async () => {
    const exam = await proctoredExam(t.db);
    const due = [];
    for (let i = 0; i < 12; i++) due.push(await expiredAttempt(t.db, exam));
    // Two sweepers at once (two app instances): batches of 5 each, so both claim several times.
    const [first, second] = await Promise.all([sweepExpiredAttempts(t.db, NOW, 500, 5), sweepExpiredAttempts(t.db, NOW, 500, 5)]);
    expect(first + second).toBe(12);
    for (const attempt of due) {
      const [row] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
      expect(row).toMatchObject({ status: "submitted", completedAt: EXPIRY });
      expect(await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id))).toHaveLength(1);
      const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.expire")));
      expect(audits).toHaveLength(1);
    }
    expect(await sweepExpiredAttempts(t.db, NOW)).toBe(0);
  });

  it("stops at its limit and leaves the rest for the next tick", async () => {
    const exam = await proctoredExam(t.db);
    for (let i = 0; i < 5; i++) await expiredAttempt(t.db, exam);
    expect(await sweepExpiredAttempts(t.db, NOW, 3, 2)).toBe(3);
    expect(await sweepExpiredAttempts(t.db, NOW, 3, 2)).toBe(2);
  });

  it("a submit racing the sweep ends the attempt once: one history row, one audit row", async () => {
    const exam = await proctoredExam(t.db);
    const raced = await expiredAttempt(t.db, exam);
    const submitAt = new Date(EXPIRY.getTime() - 1_000);
    const submit = t.db.transaction(async (tx) => {
      const locked = await lockAttempt(tx, raced.id);
      return transitionAttempt(tx, systemContext(t.db, "learner", submitAt), locked!, "submitted", { action: "attempt.submit" });
    });
    const [submitted, swept] = await Promise.all([submit.then((r) => r.changed).catch(() => false), sweepExpiredAttempts(t.db, NOW)]);
    expect(Number(submitted) + swept).toBe(1);
    const [row] = await t.db.select().from(attempts).where(eq(attempts.id, raced.id));
    expect(row!.status).toBe("submitted");
    expect(await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, raced.id))).toHaveLength(1);
    const changes = await t.db.select().from(auditLog).where(eq(auditLog.attemptId, raced.id));
    expect(changes).toHaveLength(1);
  });

  // Row locks held by an open transaction need a second connection, which only a real server has
  // (PGlite runs one connection): this test exists only in the PostgreSQL run.
  if (process.env.DATABASE_URL) {
    it("on Postgres, skips an attempt a submit holds locked instead of waiting, and the submit wins", async () => {
      const exam = await proctoredExam(t.db);
      const held = await expiredAttempt(t.db, exam);
      const other = await expiredAttempt(t.db, exam);
      const submitAt = new Date(EXPIRY.getTime() - 1_000);
      await t.db.transaction(async (tx) => {
        const locked = await lockAttempt(tx, held.id);
        // Were the sweeper to wait for this lock, this await would never return (the lock is
        // released only when this transaction ends): finishing is the assertion.
        expect(await sweepExpiredAttempts(t.db, NOW)).toBe(1);
        await transitionAttempt(tx, systemContext(t.db, "learner", submitAt), locked!, "submitted", { action: "attempt.submit" });
      });
      const [heldRow] = await t.db.select().from(attempts).where(eq(attempts.id, held.id));
      expect(heldRow).toMatchObject({ status: "submitted", completedAt: submitAt });
      const [otherRow] = await t.db.select().from(attempts).where(eq(attempts.id, other.id));
      expect(otherRow).toMatchObject({ status: "submitted", completedAt: EXPIRY });
      expect((await t.db.select().from(auditLog).where(eq(auditLog.attemptId, held.id))).map((a) => a.action)).toEqual(["attempt.submit"]);
      expect(await sweepExpiredAttempts(t.db, NOW)).toBe(0);
    });
  }
});
