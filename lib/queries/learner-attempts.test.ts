import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { writeSnapshot } from "@/lib/testing/writes";
import { listAnswers } from "./learner-answers";
import { activeAttemptData, ownAttempt, runningOwnAttempt, sequenceExamData, timerStatus } from "./learner-attempts";

const t = setupTestDatabase();
const MIN = 60_000;

/** A learner whose 30-minute timed attempt started 45 minutes ago: expired, not stored as such. */
async function expiredAttempt() {
  const course = await makeCourse(t.db);
  const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: false, timeLimitMins: 30 });
  const learner = await makeUser(t.db);
  await makeEnrollment(t.db, { userId: learner.id, courseId: course.id, mode: "verified" });
  const now = new Date();
  const startedAt = new Date(now.getTime() - 45 * MIN);
  const attempt = await makeAttempt(t.db, { exam, userId: learner.id, status: "started", startedAt, allowedTimeLimitMins: 30, takingAsProctored: false });
  const ctx: ServiceContext = { db: t.db, principal: (await loadUserActor(t.db, learner.id))!, now, requestId: newRequestId(), source: "api" };
  return { course, exam, attempt, ctx, expiry: new Date(startedAt.getTime() + 30 * MIN) };
}

describe("the learner reads are pure (decision 025)", () => {
  it("show an expired attempt in effect, name it in `expiring`, and write nothing", async () => {
    const { course, exam, attempt, ctx, expiry } = await expiredAttempt();
    const before = await writeSnapshot(t.db);

    const own = await ownAttempt(ctx, attempt.id);
    expect(own.expiring).toEqual([attempt.id]);
    expect(own.body.attempt).toMatchObject({ id: attempt.id, status: "submitted", completedAt: expiry });
    expect(own.body.remaining).toBe(0);
    // The poll's one-statement read does not take an attempt past its expiry.
    expect(await runningOwnAttempt(t.db, { attemptId: attempt.id, userId: attempt.userId, now: ctx.now })).toBeNull();

    const sequence = await sequenceExamData(ctx, { courseKey: course.courseKey, contentId: exam.contentId, userId: null, isLearningMfe: false });
    expect(sequence.expiring).toEqual([attempt.id]);
    expect(sequence.body.active_attempt).toEqual({});
    expect(sequence.body.exam).toMatchObject({ id: exam.id, attempt: { attempt_id: attempt.id, attempt_status: "submitted", time_remaining_seconds: 0 } });

    const active = await activeAttemptData(ctx, null);
    expect(active).toEqual({ body: {}, expiring: [attempt.id] });

    const timer = await timerStatus(ctx);
    expect(timer).toEqual({ body: { in_timed_exam: false, is_proctored: false }, expiring: [attempt.id] });

    const answers = await listAnswers(ctx, attempt.id);
    expect(answers).toMatchObject({ body: { attemptId: attempt.id, status: "submitted", answers: [] }, expiring: [attempt.id] });

    expect(await writeSnapshot(t.db)).toEqual(before);
    const [row] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(row!.status).toBe("started");
  });

  it("hand back nothing to store for a running attempt, and the poll's read finds it", async () => {
    const { attempt, ctx } = await expiredAttempt();
    const early: ServiceContext = { ...ctx, now: new Date(attempt.startedAt!.getTime() + 10 * MIN) };
    const own = await ownAttempt(early, attempt.id);
    expect(own.expiring).toEqual([]);
    expect(own.body.attempt.status).toBe("started");
    expect(own.body.remaining).toBe(20 * 60);
    expect((await runningOwnAttempt(t.db, { attemptId: attempt.id, userId: attempt.userId, now: early.now }))?.attempt.id).toBe(attempt.id);
    expect((await timerStatus(early)).expiring).toEqual([]);
  });
});
