import { and, asc, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attemptAnswers, attemptHistory, attempts, auditLog, backendConfigs, examQuestions, outbox, siteSettings, type Attempt, type Exam } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { applyExpiry, sweepExpiredAttempts } from "./expire";
import { expireClaimedAttempts } from "./expire-batch";
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
async function expiredAttempt(db: Db, exam: Exam, userId?: number): Promise<Attempt> {
  const user = userId ?? (await makeUser(db)).id;
  const [course] = await db.query.courses.findMany({ where: (c, { eq: is }) => is(c.courseKey, exam.courseKey), limit: 1 });
  if (userId === undefined) await makeEnrollment(db, { userId: user, courseId: course!.id, mode: "verified" });
  return makeAttempt(db, { exam, userId: user, status: "started", startedAt: STARTED, allowedTimeLimitMins: LIMIT_MINS, takingAsProctored: exam.isProctored });
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
    .filter((m) => m.payload.attempt_id === id || m.payload.user_id === attempt.userId || (attempt.externalId !== null && m.payload.externalId === attempt.externalId))
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
    const [first, second] = await Promise.all([sweepExpiredAttempts(t.db, NOW, { batchSize: 5 }), sweepExpiredAttempts(t.db, NOW, { batchSize: 5 })]);
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
    expect(await sweepExpiredAttempts(t.db, NOW, { limit: 3, batchSize: 2 })).toBe(3);
    expect(await sweepExpiredAttempts(t.db, NOW, { limit: 3, batchSize: 2 })).toBe(2);
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

/** Ends `attempt` through the set-based path alone, as the sweeper's batch does (claimed and locked). */
async function expireSetBased(db: Db, attempt: Attempt) {
  return db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, attempt.id);
    return expireClaimedAttempts(tx, systemContext(db, "expiry-sweeper", NOW), [locked!]);
  });
}

describe("the set-based expiry of a batch", () => {
  /**
   * Two learners in the same situation: one attempt ended by the per-attempt path (applyExpiry),
   * its twin by expireClaimedAttempts; everything each wrote must be the same.
   */
  async function expectTwinsAlike(makeTwin: () => Promise<Attempt>) {
    const single = await makeTwin();
    const batched = await makeTwin();
    const before = await lastOutboxId(t.db);
    await applyExpiry(systemContext(t.db, "expiry-sweeper", NOW), single);
    const result = await expireSetBased(t.db, batched);
    expect(result).toEqual({ ended: 1, fallback: [] });
    const a = await footprint(t.db, single, before);
    const b = await footprint(t.db, batched, before);
    expect(b).toEqual(a);
    return a;
  }

  it("a proctored attempt: credit, e-mail, vendor call and the mock's review follow-up", async () => {
    const exam = await proctoredExam(t.db);
    await t.db.update(backendConfigs).set({ settings: { review_delay_seconds: 30 } }).where(eq(backendConfigs.name, "mock"));
    const a = await expectTwinsAlike(async () => {
      const attempt = await expiredAttempt(t.db, exam);
      // The vendor's session id; the attempt code, so that the footprints' masking covers it too.
      const [withSession] = await t.db.update(attempts).set({ externalId: attempt.attemptCode }).where(eq(attempts.id, attempt.id)).returning();
      return withSession!;
    });
    expect(a.messages.map((m: { topic: string }) => m.topic)).toEqual([
      "webhook.credit_requirement",
      "email.attempt_status",
      "vendor.call",
      "mock.post_review",
      "webhook.attempt_status",
    ]);
  });

  it("a timed exam with answers: scored, no e-mail, no vendor", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: false, timeLimitMins: LIMIT_MINS });
    const [q1, q2] = await t.db
      .insert(examQuestions)
      .values([
        { examId: exam.id, position: 1, kind: "multiple_choice", prompt: "One", choices: ["a", "b"], correctChoice: 1, points: 2 },
        { examId: exam.id, position: 2, kind: "multiple_choice", prompt: "Two", choices: ["a", "b"], correctChoice: 0, points: 3 },
      ])
      .returning();
    const a = await expectTwinsAlike(async () => {
      const attempt = await expiredAttempt(t.db, exam);
      await t.db.insert(attemptAnswers).values([
        { attemptId: attempt.id, questionId: q1!.id, answer: { choice: 1 } },
        { attemptId: attempt.id, questionId: q2!.id, answer: { choice: 1 } },
      ]);
      return attempt;
    });
    expect(a.state).toMatchObject({ status: "submitted", scoreEarned: 2, scorePossible: 5, completedAt: EXPIRY.toISOString() });
    expect(a.messages.map((m: { topic: string }) => m.topic)).not.toContain("email.attempt_status");
  });

  it("ALLOW_TIMED_OUT_STATE: timed_out, completed at the expiry instant", async () => {
    const exam = await proctoredExam(t.db);
    await t.db.insert(siteSettings).values({ key: "allow_timed_out_state", value: true });
    try {
      const a = await expectTwinsAlike(() => expiredAttempt(t.db, exam));
      expect(a.state).toMatchObject({ status: "timed_out", completedAt: EXPIRY.toISOString() });
      expect(a.audit).toMatchObject([{ fromStatus: "started", toStatus: "timed_out", data: {} }]);
    } finally {
      await t.db.delete(siteSettings).where(eq(siteSettings.key, "allow_timed_out_state"));
    }
  });

  it("a closed multi-attempt gate (an earlier rejected attempt): no credit, no e-mail", async () => {
    const exam = await proctoredExam(t.db);
    const a = await expectTwinsAlike(async () => {
      const earlier = await expiredAttempt(t.db, exam);
      await t.db.update(attempts).set({ status: "rejected", created: new Date(NOW.getTime() - 3_600_000) }).where(eq(attempts.id, earlier.id));
      return expiredAttempt(t.db, exam, earlier.userId);
    });
    const topics = a.messages.map((m: { topic: string }) => m.topic);
    expect(topics).not.toContain("email.attempt_status");
    expect(topics).not.toContain("webhook.credit_requirement");
    expect(topics).toContain("webhook.attempt_status");
  });

  it("leaves an onboarding exam (its clean-up deletes other attempts) to the per-attempt path, which the sweeper then runs", async () => {
    const exam = await proctoredExam(t.db);
    const practice = await makeExam(t.db, { courseKey: exam.courseKey, isProctored: true, isPracticeExam: true, timeLimitMins: LIMIT_MINS, backend: "mock" });
    const attempt = await expiredAttempt(t.db, practice);
    const result = await expireSetBased(t.db, attempt);
    expect(result.ended).toBe(0);
    expect(result.fallback.map((f) => f.id)).toEqual([attempt.id]);
    const [unchanged] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(unchanged!.status).toBe("started");
    expect(await sweepExpiredAttempts(t.db, NOW)).toBe(1);
    const [ended] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(ended).toMatchObject({ status: "submitted", completedAt: EXPIRY });
  });

  it("leaves two running attempts of one learner and exam to the per-attempt path", async () => {
    const exam = await proctoredExam(t.db);
    const first = await expiredAttempt(t.db, exam);
    const second = await expiredAttempt(t.db, exam, first.userId);
    const result = await t.db.transaction(async (tx) => {
      const rows = [await lockAttempt(tx, first.id), await lockAttempt(tx, second.id)];
      return expireClaimedAttempts(tx, systemContext(t.db, "expiry-sweeper", NOW), rows.map((r) => r!));
    });
    expect(result.ended).toBe(0);
    expect(result.fallback.map((f) => f.id).sort()).toEqual([first.id, second.id].sort());
  });
});
