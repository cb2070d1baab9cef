import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, backendConfigs, courseRoles, type Attempt } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as dueDatesRoute from "@/app/api/v1/courses/[courseKey]/due_dates/route";
import * as sectionsRoute from "@/app/api/v1/courses/[courseKey]/sections/route";
import * as attemptRoute from "./route";
import * as oneAttempt from "./[attemptId]/route";
import * as sequence from "./course_id/[courseId]/route";

/**
 * The times a learner is shown and the due date that closes an exam, through the real route
 * handlers: a resume shows the time the next start grants (§5.2, §6), and a due date synced for the
 * exam's section closes it like the exam's own (what-we-build decision 11).
 */
const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/attempt";
const MINUTE = 60_000;

let sync: string;

beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
  await test.db
    .insert(backendConfigs)
    .values([
      { name: "mock", kind: "mock", verboseName: "Mock Proctoring", isDefault: true, settings: { ready_delay_ms: 1000 } },
      { name: "null", kind: "null", verboseName: "Null Backend" },
    ])
    .onConflictDoNothing();
});

async function learnerInCourse() {
  const course = await makeCourse(test.db);
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  return { course, user, auth: await userAuth(user.id) };
}

async function attemptRow(id: number): Promise<Attempt> {
  const [row] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

const put = (auth: string, id: number, body: unknown) =>
  callRoute(oneAttempt.PUT, { method: "PUT", path: `${BASE}/${id}`, params: { attemptId: String(id) }, auth, body });

const create = async (auth: string, body: Record<string, unknown>) => callRoute(attemptRoute.POST, { method: "POST", path: BASE, auth, body });

interface SequenceAnswer {
  exam: { due_date: string | null; passed_due_date: boolean; total_time?: string; attempt: { total_time?: string; time_remaining_seconds?: number; attempt_status?: string } };
}

async function readSequence(auth: string, courseKey: string, contentId: string): Promise<SequenceAnswer> {
  const res = await callRoute(sequence.GET, {
    path: `${BASE}/course_id/${courseKey}?content_id=${encodeURIComponent(contentId)}&is_learning_mfe=true`,
    params: { courseId: courseKey },
    auth,
  });
  expect(res.status).toBe(200);
  return res.json as SequenceAnswer;
}

async function syncSection(courseKey: string, usageKey: string, dueDate: Date | null) {
  const res = await callRoute(sectionsRoute.PUT, {
    method: "PUT",
    auth: sync,
    params: { courseKey },
    body: [{ usage_key: usageKey, display_name: "Final exam", position: 0, due_date: dueDate?.toISOString() ?? null }],
  });
  expect(res.status).toBe(200);
}

describe("resume: every answer shows the saved time the next start grants", () => {
  it("569 s saved reads 9 minutes on the resume page, the ready page and the timer", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "null", timeLimitMins: 10 });
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });

    const first = ((await create(auth, { exam_id: exam.id, attempt_proctored: true })).json as { exam_attempt_id: number }).exam_attempt_id;
    // The null backend never says "ready": the vendor's part is played here.
    await test.db.update(attempts).set({ status: "ready_to_start" }).where(eq(attempts.id, first));
    expect((await put(auth, first, { action: "start" })).status).toBe(200);
    expect((await attemptRow(first)).allowedTimeLimitMins).toBe(10);
    // The ping failed 31 s into the exam: 569 s were left and saved.
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 31_000) }).where(eq(attempts.id, first));
    expect((await put(auth, first, { action: "error" })).status).toBe(200);
    await test.db.update(attempts).set({ timeRemainingSeconds: 569 }).where(eq(attempts.id, first));
    expect((await put(await userAuth(staff.id), first, { action: "mark_ready_to_resume", user_id: user.id })).status).toBe(200);

    // The ready-to-resume page ("You will have 9 minutes").
    const resumable = await readSequence(auth, course.courseKey, exam.contentId);
    expect(resumable.exam.attempt).toMatchObject({ attempt_status: "ready_to_resume", total_time: "9 minutes", time_remaining_seconds: 540 });

    // The new attempt, before its start: the ready page ("You have 9 minutes").
    const second = ((await create(auth, { exam_id: exam.id, attempt_proctored: true })).json as { exam_attempt_id: number }).exam_attempt_id;
    expect(second).not.toBe(first);
    await test.db.update(attempts).set({ status: "ready_to_start" }).where(eq(attempts.id, second));
    const ready = await readSequence(auth, course.courseKey, exam.contentId);
    expect(ready.exam.attempt).toMatchObject({ attempt_status: "ready_to_start", total_time: "9 minutes", time_remaining_seconds: 540 });

    // Started: the timer and the answer agree with what was promised.
    expect((await put(auth, second, { action: "start" })).status).toBe(200);
    expect((await attemptRow(second)).allowedTimeLimitMins).toBe(9);
    const running = await readSequence(auth, course.courseKey, exam.contentId);
    expect(running.exam.attempt.total_time).toBe("9 minutes");
    expect(running.exam.attempt.time_remaining_seconds).toBeGreaterThan(530);
    expect(running.exam.attempt.time_remaining_seconds).toBeLessThanOrEqual(540);
    // Fourteen route calls in a row, the whole resume: more than the default allows on a busy machine.
  }, 45_000);
});

describe("a section due date synced by the LMS is the exam's due date", () => {
  it("refuses a proctored attempt an hour past it and answers it as due_date", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock", timeLimitMins: 60 });
    const due = new Date(Date.now() - 60 * MINUTE);
    await syncSection(course.courseKey, exam.contentId, due);

    const read = await readSequence(auth, course.courseKey, exam.contentId);
    expect(read.exam.due_date).toBe(due.toISOString());
    expect(read.exam.passed_due_date).toBe(true);

    const refused = await create(auth, { exam_id: exam.id, attempt_proctored: true });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(JSON.stringify(refused.json)).toContain("expired exam");
    expect(await test.db.select().from(attempts).where(eq(attempts.examId, exam.id))).toEqual([]);
  });

  it("caps the time limit of a timed exam at the section's due date", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 60 });
    await syncSection(course.courseKey, exam.contentId, new Date(Date.now() + 15 * MINUTE + 30_000));

    expect((await readSequence(auth, course.courseKey, exam.contentId)).exam.total_time).toBe("15 minutes");
    const id = ((await create(auth, { exam_id: exam.id, start_clock: "true" })).json as { exam_attempt_id: number }).exam_attempt_id;
    expect((await attemptRow(id)).allowedTimeLimitMins).toBe(15);
  });

  it("the exam's own due date wins over the section's, and a personal extension over both", async () => {
    const { course, user, auth } = await learnerInCourse();
    const own = new Date(Date.now() + 2 * 60 * MINUTE);
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock", dueDate: own });
    await syncSection(course.courseKey, exam.contentId, new Date(Date.now() - 60 * MINUTE));
    const read = await readSequence(auth, course.courseKey, exam.contentId);
    expect(read.exam).toMatchObject({ due_date: own.toISOString(), passed_due_date: false });

    const extended = new Date(Date.now() + 3 * 24 * 60 * MINUTE);
    const res = await callRoute(dueDatesRoute.PUT, {
      method: "PUT",
      auth: sync,
      params: { courseKey: course.courseKey },
      body: { username: user.username, usage_key: exam.contentId, due_date: extended.toISOString() },
    });
    expect(res.status).toBe(200);
    expect((await readSequence(auth, course.courseKey, exam.contentId)).exam.due_date).toBe(extended.toISOString());
  });

  it("a personal extension reopens an exam whose section is past due", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 30 });
    await syncSection(course.courseKey, exam.contentId, new Date(Date.now() - 60 * MINUTE));
    await callRoute(dueDatesRoute.PUT, {
      method: "PUT",
      auth: sync,
      params: { courseKey: course.courseKey },
      body: { username: user.username, usage_key: exam.contentId, due_date: new Date(Date.now() + 24 * 60 * MINUTE).toISOString() },
    });
    const read = await readSequence(auth, course.courseKey, exam.contentId);
    expect(read.exam.passed_due_date).toBe(false);
    const id = ((await create(auth, { exam_id: exam.id, start_clock: "true" })).json as { exam_attempt_id: number }).exam_attempt_id;
    expect((await attemptRow(id)).allowedTimeLimitMins).toBe(30);
  });
});
