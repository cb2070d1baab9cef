import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { attempts, backendConfigs } from "@/db/schema";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as attemptRoute from "./route";
import * as oneAttempt from "./[attemptId]/route";

/**
 * The 400 details of refused actions name the exam, the learner and the course, word for word as
 * 3.8.1 writes them (§4.2, §4.9), so an LMS operator can tell which attempt was refused.
 */
const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/attempt";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([{ name: "null", kind: "null", verboseName: "Null Backend" }])
    .onConflictDoNothing();
});

async function learnerWithAttempt(exam: { isProctored?: boolean; isPracticeExam?: boolean; backend?: string }, body: Record<string, string>) {
  const course = await makeCourse(test.db);
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  const auth = await userAuth(user.id);
  const row = await makeExam(test.db, { courseKey: course.courseKey, ...exam });
  const created = await callRoute(attemptRoute.POST, { method: "POST", path: BASE, auth, body: { exam_id: row.id, ...body } });
  expect(created.status).toBe(200);
  const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
  return { course, user, auth, exam: row, id };
}

const put = (auth: string, id: number, body: unknown) =>
  callRoute(oneAttempt.PUT, { method: "PUT", path: `${BASE}/${id}`, params: { attemptId: String(id) }, auth, body });

describe("refused actions name the attempt", () => {
  it("an illegal transition (submitted → started) gives exam_id, user_id and course_id", async () => {
    const { course, user, auth, exam, id } = await learnerWithAttempt({}, { start_clock: "true" });
    await test.db.update(attempts).set({ status: "submitted" }).where(eq(attempts.id, id));
    const res = await put(auth, id, { action: "start" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      detail:
        `A status transition from "submitted" to "started" was attempted on exam_id=${exam.id} ` +
        `for user_id=${user.id}. This is not allowed! (course_id=${course.courseKey})`,
    });
  });

  it("starting a proctored attempt before its setup names the exam and the learner", async () => {
    const { user, auth, exam, id } = await learnerWithAttempt({ isProctored: true, backend: "null" }, { attempt_proctored: "true" });
    const res = await put(auth, id, { action: "start" });
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toMatch(
      new RegExp(`^Cannot start exam attempt for exam_id=${exam.id} and user_id=${user.id} because the proctoring setup`),
    );
  });

  it("resetting a running practice attempt gives exam_id, user_id and course_id", async () => {
    const { course, user, auth, exam, id } = await learnerWithAttempt(
      { isProctored: true, isPracticeExam: true, backend: "null" },
      { attempt_proctored: "true" },
    );
    const res = await put(auth, id, { action: "reset_attempt" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      detail:
        `Failed to reset attempt status on exam_id=${exam.id} for user_id=${user.id}. ` +
        `Attempt with status=created cannot be reset! (course_id=${course.courseKey})`,
    });
  });
});
