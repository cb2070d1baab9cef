import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { describe, expect, it } from "vitest";
import { attemptAnswers, attempts, courseRoles, courses, examQuestions, siteSettings, type Attempt, type Exam, type ExamQuestion } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { expiryInstant } from "@/lib/domain/time";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { performAttemptAction } from "../attempt/actions";
import { createExamAttempt } from "../attempt/create";
import { listAnswers as readAnswers } from "@/lib/queries/learner-answers";
import { writeSnapshot } from "@/lib/testing/writes";
import { expireAttempts, sweepExpiredAttempts } from "../attempt/expire";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { carryOverAnswers } from "./carry-over";
import { loadQuestionSet } from "@/lib/data/questions";
import { AUTOSAVE_GRACE_MS, answersByQuestion, saveAnswer } from "./save";

const t = setupTestDatabase();

/** The answers read's body (the query is pure; its route stores a pending expiry first). */
const listAnswers = async (ctx: ServiceContext, attemptId: number) => (await readAnswers(ctx, attemptId)).body;
const NOW = new Date("2026-04-01T10:00:00Z");
const MIN = 60_000;

const ctxFor = (principal: Principal, now: Date = NOW): ServiceContext => ({ db: t.db, principal, now, requestId: newRequestId(), source: "api" });
const userCtx = async (userId: number, now: Date = NOW) => ctxFor((await loadUserActor(t.db, userId))!, now);

interface Fixture {
  exam: Exam;
  courseId: number;
  /** 2 points, right answer 1. */
  mc1: ExamQuestion;
  /** 3 points, right answer 0. */
  mc2: ExamQuestion;
  /** 5 points, never auto-scored. */
  sa: ExamQuestion;
}

async function examWithQuestions(overrides: Partial<Exam> = {}): Promise<Fixture> {
  const course = await makeCourse(t.db);
  const exam = await makeExam(t.db, { courseKey: course.courseKey, timeLimitMins: 30, ...overrides });
  const [mc1, mc2, sa] = await t.db
    .insert(examQuestions)
    .values([
      { examId: exam.id, position: 0, kind: "multiple_choice", prompt: "2 + 2?", choices: ["3", "4", "5"], correctChoice: 1, points: 2 },
      { examId: exam.id, position: 1, kind: "multiple_choice", prompt: "Capital of France?", choices: ["Paris", "Rome"], correctChoice: 0, points: 3 },
      { examId: exam.id, position: 2, kind: "short_answer", prompt: "Explain why.", choices: [], correctChoice: null, points: 5 },
    ])
    .returning();
  return { exam, courseId: course.id, mc1: mc1!, mc2: mc2!, sa: sa! };
}

/** A running attempt started `minutesAgo` before NOW with 30 minutes allowed. */
async function running(exam: Exam, minutesAgo = 5, userId?: number): Promise<Attempt> {
  return makeAttempt(t.db, {
    exam,
    ...(userId ? { userId } : {}),
    status: "started",
    takingAsProctored: false,
    startedAt: new Date(NOW.getTime() - minutesAgo * MIN),
    allowedTimeLimitMins: 30,
  });
}

async function row(id: number): Promise<Attempt> {
  const [found] = await t.db.select().from(attempts).where(eq(attempts.id, id));
  return found!;
}

async function stored(attemptId: number, questionId: number) {
  const [found] = await t.db
    .select()
    .from(attemptAnswers)
    .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.questionId, questionId)));
  return found;
}

describe("saveAnswer and listAnswers", () => {
  it("saves the owner's answers of both kinds and lists them", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);

    expect(await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 2 }, revision: 1 })).toEqual({
      questionId: f.mc1.id,
      revision: 1,
      savedRevision: 1,
    });
    // Form-style ids and revisions (strings of digits) are read as numbers.
    await saveAnswer(ctx, { attemptId: String(attempt.id), questionId: String(f.sa.id), answer: { text: "Because." }, revision: "1" });
    // A changed answer with a higher revision replaces the old one.
    expect((await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 2 })).savedRevision).toBe(2);
    // An empty text is a valid answer (the learner cleared the box).
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.sa.id, answer: { text: "" }, revision: 2 });

    const listed = await listAnswers(ctx, attempt.id);
    expect(listed.status).toBe("started");
    expect(listed.answers.map((a) => [a.questionId, a.answer, a.revision])).toEqual([
      [f.mc1.id, { choice: 1 }, 2],
      [f.sa.id, { text: "" }, 2],
    ]);
    expect(answersByQuestion(listed.answers)).toEqual({
      [f.mc1.id]: { answer: { choice: 1 }, revision: 2 },
      [f.sa.id]: { answer: { text: "" }, revision: 2 },
    });
  });

  it("refuses another learner, for saving and for reading, exactly as an unknown attempt", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const other = await userCtx((await makeUser(t.db)).id);
    const unknownId = 2_147_480_000;

    const save = (attemptId: number) => saveAnswer(other, { attemptId, questionId: f.mc1.id, answer: { choice: 0 }, revision: 1 });
    await expect(save(attempt.id)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404, detail: `Attempt ${attempt.id} was not found.` });
    await expect(save(unknownId)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404, detail: `Attempt ${unknownId} was not found.` });
    await expect(listAnswers(other, attempt.id)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await stored(attempt.id, f.mc1.id)).toBeUndefined();
  });

  it("lets course staff of the attempt's course read (not write); staff elsewhere see nothing", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    await saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 1 }, revision: 1 });

    const staff = await makeUser(t.db);
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: f.courseId, role: "staff" });
    const staffCtx = await userCtx(staff.id);
    expect((await listAnswers(staffCtx, attempt.id)).answers).toMatchObject([{ questionId: f.mc2.id, answer: { choice: 1 }, revision: 1 }]);
    await expect(saveAnswer(staffCtx, { attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 0 }, revision: 2 })).rejects.toMatchObject({
      status: 404,
    });

    const elsewhere = await makeUser(t.db);
    await t.db.insert(courseRoles).values({ userId: elsewhere.id, courseId: (await makeCourse(t.db)).id, role: "instructor" });
    await expect(listAnswers(await userCtx(elsewhere.id), attempt.id)).rejects.toMatchObject({ status: 404 });

    const admin = await makeUser(t.db, { isAdmin: true });
    expect((await listAnswers(await userCtx(admin.id), attempt.id)).answers).toHaveLength(1);
  });

  it("is for people, not service credentials", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const service = ctxFor({ kind: "service", tokenId: 1, name: "lms", scopes: ["lms:sync"], backendName: null });
    await expect(saveAnswer(service, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 0 }, revision: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(listAnswers(service, attempt.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a question of another exam", async () => {
    const f = await examWithQuestions();
    const g = await examWithQuestions();
    const attempt = await running(f.exam);
    await expect(
      saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: g.mc1.id, answer: { choice: 0 }, revision: 1 }),
    ).rejects.toMatchObject({ code: "VALIDATION", status: 400, detail: `Question ${g.mc1.id} is not part of this exam.` });
  });

  it.each([
    ["text for a multiple-choice question", "mc1", { text: "4" }, /multiple-choice question/],
    ["a choice for a short-answer question", "sa", { choice: 0 }, /short-answer question/],
    ["a choice past the last one", "mc1", { choice: 3 }, /between 0 and 2/],
    ["a negative choice", "mc1", { choice: -1 }, /choice/],
    ["a fractional choice", "mc1", { choice: 1.5 }, /choice/],
    ["a choice as a string", "mc1", { choice: "1" }, /choice/],
    ["both keys", "mc1", { choice: 1, text: "x" }, /answer/],
    ["an unknown key", "sa", { words: "x" }, /answer/],
    ["no answer", "sa", undefined, /answer: This field is required/],
    ["a null answer", "sa", null, /answer/],
    ["a text over 10,000 characters", "sa", { text: "x".repeat(10_001) }, /no more than 10000 characters/],
    ["a NUL character", "sa", { text: "a\u0000b" }, /NUL/],
  ] as const)("refuses %s with a 400", async (_name, which, answer, detail) => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const question = f[which];
    await expect(
      saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: question.id, answer: answer as never, revision: 1 }),
    ).rejects.toMatchObject({ code: "VALIDATION", status: 400, detail: expect.stringMatching(detail) });
    expect(await stored(attempt.id, question.id)).toBeUndefined();
  });

  it("takes a text of exactly 10,000 characters", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const text = "é".repeat(10_000);
    await saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.sa.id, answer: { text }, revision: 1 });
    expect((await stored(attempt.id, f.sa.id))?.answer).toEqual({ text });
  });

  it.each([
    ["0", 0],
    ["negative", -1],
    ["fractional", 1.5],
    ["text", "abc"],
    ["missing", undefined],
  ])("refuses a %s revision", async (_name, revision) => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    await expect(
      saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.sa.id, answer: { text: "x" }, revision: revision as never }),
    ).rejects.toMatchObject({ code: "VALIDATION", detail: expect.stringMatching(/revision/) });
  });

  it("never lets a stale save overwrite a newer one", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);
    const save = (text: string, revision: number) => saveAnswer(ctx, { attemptId: attempt.id, questionId: f.sa.id, answer: { text }, revision });

    expect(await save("newest", 5)).toMatchObject({ revision: 5, savedRevision: 5 });
    // A retry of revision 3 arriving late, and a repeat of revision 5 with other text.
    expect(await save("older", 3)).toEqual({ questionId: f.sa.id, revision: 3, savedRevision: 5 });
    expect(await save("same revision", 5)).toMatchObject({ revision: 5, savedRevision: 5 });
    const after = await stored(attempt.id, f.sa.id);
    expect(after).toMatchObject({ answer: { text: "newest" }, revision: 5 });
    expect(await save("next", 6)).toMatchObject({ savedRevision: 6 });
  });

  it("refuses answers once the learner has submitted, even a second later", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 });
    await performAttemptAction(ctx, { attemptId: attempt.id, action: "submit" });
    expect((await row(attempt.id)).status).toBe("submitted");

    const later = await userCtx(attempt.userId, new Date(NOW.getTime() + 1000));
    await expect(
      saveAnswer(later, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 0 }, revision: 2 }),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409, detail: "This attempt is submitted: its answers can no longer be changed." });
    expect(await stored(attempt.id, f.mc1.id)).toMatchObject({ answer: { choice: 1 }, revision: 1 });
  });

  it.each(["created", "ready_to_start", "error", "ready_to_resume", "verified"] as const)("refuses answers to an attempt in %s", async (status) => {
    const f = await examWithQuestions();
    const attempt = await makeAttempt(t.db, { exam: f.exam, status, takingAsProctored: false });
    await expect(
      saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  });

  it("takes answers in ready_to_submit (after End My Exam, before the confirmation)", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    await t.db.update(attempts).set({ status: "ready_to_submit" }).where(eq(attempts.id, attempt.id));
    const saved = await saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 });
    expect(saved.savedRevision).toBe(1);
  });
});

describe("the autosave grace window after an automatic submission (decision 008)", () => {
  /** An attempt whose 30 minutes ran out at `expiry`. */
  async function expiredAt(f: Fixture, expiry: Date): Promise<Attempt> {
    return makeAttempt(t.db, {
      exam: f.exam,
      status: "started",
      takingAsProctored: false,
      startedAt: new Date(expiry.getTime() - 30 * MIN),
      allowedTimeLimitMins: 30,
    });
  }

  it("applies the expiry first, then takes a save that arrives within 10 s and rescores", async () => {
    const f = await examWithQuestions();
    const expiry = new Date(NOW.getTime() - 3_000);
    const attempt = await expiredAt(f, expiry);

    const saved = await saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 });
    expect(saved.savedRevision).toBe(1);
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect(after.completedAt?.getTime()).toBe(expiry.getTime());
    // Scored at the expiry (nothing answered: 0 of 5), then again with this answer (2 of 5).
    expect([after.scoreEarned, after.scorePossible]).toEqual([2, 5]);
  });

  it("after the sweeper submitted it: a save at +10 s counts, one at +10.001 s does not", async () => {
    const f = await examWithQuestions();
    const expiry = new Date(NOW.getTime() + 3 * MIN);
    const attempt = await expiredAt(f, expiry);
    const ctx = await userCtx(attempt.userId, new Date(expiry.getTime() - 5_000));
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 0 }, revision: 1 });

    expect(await sweepExpiredAttempts(t.db, new Date(expiry.getTime() + 2_000))).toBeGreaterThanOrEqual(1);
    const swept = await row(attempt.id);
    expect(swept.status).toBe("submitted");
    expect(swept.completedAt?.getTime()).toBe(expiry.getTime());
    expect([swept.scoreEarned, swept.scorePossible]).toEqual([3, 5]);

    const at = (ms: number) => userCtx(attempt.userId, new Date(expiry.getTime() + ms));
    await saveAnswer(await at(AUTOSAVE_GRACE_MS), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 });
    expect((await row(attempt.id)).scoreEarned).toBe(5);
    await expect(
      saveAnswer(await at(AUTOSAVE_GRACE_MS + 1), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 0 }, revision: 2 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await stored(attempt.id, f.mc1.id)).toMatchObject({ answer: { choice: 1 }, revision: 1 });
    expect((await row(attempt.id)).scoreEarned).toBe(5);
  });

  it("gives no grace to an attempt the learner submitted before the deadline", async () => {
    const f = await examWithQuestions();
    const expiry = new Date(NOW.getTime() + 2_000);
    const attempt = await expiredAt(f, expiry);
    await performAttemptAction(await userCtx(attempt.userId), { attemptId: attempt.id, action: "submit" });
    expect((await row(attempt.id)).completedAt?.getTime()).toBe(NOW.getTime());
    await expect(
      saveAnswer(await userCtx(attempt.userId, new Date(expiry.getTime() + 1_000)), {
        attemptId: attempt.id,
        questionId: f.mc1.id,
        answer: { choice: 1 },
        revision: 1,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("gives no grace to a timed_out attempt (ALLOW_TIMED_OUT_STATE)", async () => {
    const f = await examWithQuestions();
    const attempt = await expiredAt(f, new Date(NOW.getTime() - 1_000));
    await t.db.insert(siteSettings).values({ key: "allow_timed_out_state", value: true });
    try {
      await expect(
        saveAnswer(await userCtx(attempt.userId), { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 }),
      ).rejects.toMatchObject({ code: "CONFLICT", detail: expect.stringMatching(/timed out/) });
      const after = await row(attempt.id);
      expect(after.status).toBe("timed_out");
      // Handed in by the clock: scored like a submission.
      expect([after.scoreEarned, after.scorePossible]).toEqual([0, 5]);
    } finally {
      await t.db.delete(siteSettings).where(eq(siteSettings.key, "allow_timed_out_state"));
    }
  });
});

describe("scoring as the attempt is submitted", () => {
  it("scores the submit action: right choices' points over every multiple-choice point", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 1 });
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 1 }, revision: 1 });
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.sa.id, answer: { text: "anything" }, revision: 1 });
    expect((await row(attempt.id)).scoreEarned).toBeNull();

    await performAttemptAction(ctx, { attemptId: attempt.id, action: "submit" });
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect([after.scoreEarned, after.scorePossible]).toEqual([2, 5]);
  });

  it("scores an answer whose save held the attempt's lock when the submit came (PostgreSQL: two connections)", async () => {
    // The submit sends its scope read (the answers for the score) right behind its lock, before
    // the lock is answered (decision 058). It must still run after the lock is held, and see
    // what the transaction it waited for saved.
    if (t.kind !== "postgres") return;
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // A save as saveAnswer makes it: the attempt locked, then the answer written.
    const save = t.db.transaction(async (tx) => {
      await tx.select({ id: attempts.id }).from(attempts).where(eq(attempts.id, attempt.id)).for("update");
      await tx.insert(attemptAnswers).values({ attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 0 }, revision: 1, created: NOW, modified: NOW });
      locked();
      await released;
    });
    await holding;
    const submit = performAttemptAction(ctx, { attemptId: attempt.id, action: "submit" });
    // Wait until the submit's lock is waiting for the save's.
    const waitingForLock = async () =>
      rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n;
    for (let i = 0; i < 100 && (await waitingForLock()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await waitingForLock()).toBe(1);
    release();
    await save;
    await submit;
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect([after.scoreEarned, after.scorePossible]).toEqual([3, 5]);
  });

  it("shows an expired attempt submitted without storing it; the expiry verb the route calls stores and scores it", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam, 20);
    const ctx = await userCtx(attempt.userId);
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc2.id, answer: { choice: 0 }, revision: 1 });
    // Read long after the deadline (and the grace window).
    const late = await userCtx(attempt.userId, new Date(NOW.getTime() + 30 * MIN));
    const before = await writeSnapshot(t.db);
    const read = await readAnswers(late, attempt.id);
    expect(read.body.status).toBe("submitted");
    expect(read.expiring).toEqual([attempt.id]);
    expect(await writeSnapshot(t.db)).toEqual(before);
    expect((await row(attempt.id)).status).toBe("started");

    await expireAttempts(late, read.expiring);
    expect((await readAnswers(late, attempt.id)).expiring).toEqual([]);
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect(after.completedAt?.getTime()).toBe(expiryInstant(attempt.startedAt!, 30).getTime());
    expect([after.scoreEarned, after.scorePossible]).toEqual([3, 5]);
  });

  it("leaves the score null when the exam has no multiple-choice question", async () => {
    const exam = await makeExam(t.db, { timeLimitMins: 30 });
    await t.db.insert(examQuestions).values({ examId: exam.id, position: 0, kind: "short_answer", prompt: "Why?", choices: [], points: 4 });
    const attempt = await running(exam);
    await performAttemptAction(await userCtx(attempt.userId), { attemptId: attempt.id, action: "submit" });
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect([after.scoreEarned, after.scorePossible]).toEqual([null, null]);
  });

  it("leaves the score null for an exam without questions (a content URL)", async () => {
    const exam = await makeExam(t.db, { timeLimitMins: 30, contentUrl: "https://lms.example.test/exam" });
    const attempt = await running(exam);
    await performAttemptAction(await userCtx(attempt.userId), { attemptId: attempt.id, action: "submit" });
    expect([(await row(attempt.id)).scoreEarned, (await row(attempt.id)).scorePossible]).toEqual([null, null]);
  });
});

describe("resume carries the answers over", () => {
  /** A new attempt needs an active enrollment in the exam's course (decision 013). */
  async function enroll(userId: number, exam: Exam) {
    const [course] = await t.db.select().from(courses).where(eq(courses.courseKey, exam.courseKey));
    await makeEnrollment(t.db, { userId, courseId: course!.id, mode: "verified" });
  }

  it("copies the errored attempt's answers, revisions included, into the new attempt", async () => {
    const f = await examWithQuestions();
    const attempt = await running(f.exam);
    const ctx = await userCtx(attempt.userId);
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.mc1.id, answer: { choice: 1 }, revision: 4 });
    await saveAnswer(ctx, { attemptId: attempt.id, questionId: f.sa.id, answer: { text: "half an essay" }, revision: 9 });
    // The browser lost its vendor connection, staff let the learner resume.
    await t.db.update(attempts).set({ status: "ready_to_resume", timeRemainingSeconds: 600 }).where(eq(attempts.id, attempt.id));

    await enroll(attempt.userId, f.exam);
    const fresh = await createExamAttempt(ctx, { examId: f.exam.id, userId: attempt.userId, takingAsProctored: false });
    expect(fresh.id).not.toBe(attempt.id);
    expect((await row(attempt.id)).status).toBe("resumed");
    expect(fresh.timeRemainingSeconds).toBe(600);

    const carried = await listAnswers(ctx, fresh.id);
    expect(carried.answers.map((a) => [a.questionId, a.answer, a.revision])).toEqual([
      [f.mc1.id, { choice: 1 }, 4],
      [f.sa.id, { text: "half an essay" }, 9],
    ]);
    // The old attempt keeps its own copy.
    expect((await listAnswers(ctx, attempt.id)).answers).toHaveLength(2);
  });

  it("does not copy anything on a first attempt, and never overwrites the target's answers", async () => {
    const f = await examWithQuestions();
    const a = await running(f.exam);
    const b = await running(f.exam, 1, a.userId);
    await t.db.insert(attemptAnswers).values([
      { attemptId: a.id, questionId: f.mc1.id, answer: { choice: 0 }, revision: 3 },
      { attemptId: a.id, questionId: f.mc2.id, answer: { choice: 1 }, revision: 2 },
      { attemptId: b.id, questionId: f.mc1.id, answer: { choice: 2 }, revision: 1 },
    ]);
    expect(await t.db.transaction((tx) => carryOverAnswers(tx, a.id, b.id))).toBe(1);
    expect(await stored(b.id, f.mc1.id)).toMatchObject({ answer: { choice: 2 }, revision: 1 });
    expect(await stored(b.id, f.mc2.id)).toMatchObject({ answer: { choice: 1 }, revision: 2 });
    expect(await t.db.transaction((tx) => carryOverAnswers(tx, a.id, a.id))).toBe(0);

    const other = await makeExam(t.db, { timeLimitMins: 30 });
    const learner = await makeUser(t.db);
    await enroll(learner.id, other);
    const first = await createExamAttempt(await userCtx(learner.id), { examId: other.id, userId: learner.id, takingAsProctored: false });
    expect(await t.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, first.id))).toEqual([]);
  });
});

describe("loadQuestionSet", () => {
  it("gives the questions in order without the right answers", async () => {
    const f = await examWithQuestions();
    const set = await loadQuestionSet(t.db, f.exam.id);
    expect(set.map((q) => q.id)).toEqual([f.mc1.id, f.mc2.id, f.sa.id]);
    expect(set[0]).toEqual({ id: f.mc1.id, position: 0, kind: "multiple_choice", prompt: "2 + 2?", choices: ["3", "4", "5"], points: 2 });
    for (const q of set) expect(Object.keys(q)).not.toContain("correctChoice");
    expect(JSON.stringify(set)).not.toMatch(/correct/i);
    expect(await loadQuestionSet(t.db, (await makeExam(t.db)).id)).toEqual([]);
  });
});
