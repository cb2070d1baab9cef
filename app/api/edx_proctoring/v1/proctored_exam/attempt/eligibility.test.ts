import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, backendConfigs, type EnrollmentMode } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { createExamAttempt } from "@/lib/services/attempt/create";
import { newRequestId } from "@/lib/data/context";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as attemptRoute from "./route";

/**
 * what-we-build decision 12: POST …/attempt holds learners to the same enrollment rule as the exam
 * pages. Proctored, practice and onboarding exams need an active enrollment in a mode eligible for
 * proctoring; timed exams need an active enrollment; course staff acting for a learner are exempt.
 */
const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/attempt";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values({ name: "null", kind: "null", verboseName: "Null Backend", isDefault: true })
    .onConflictDoNothing();
});

type Kind = "proctored" | "practice" | "timed";

async function setup(kind: Kind, enrollment: { mode: EnrollmentMode; isActive?: boolean } | null) {
  const course = await makeCourse(test.db);
  const exam = await makeExam(test.db, {
    courseKey: course.courseKey,
    isProctored: kind !== "timed",
    isPracticeExam: kind === "practice",
    backend: kind === "timed" ? null : "null",
  });
  const user = await makeUser(test.db);
  if (enrollment) await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: enrollment.mode, isActive: enrollment.isActive ?? true });
  return { course, exam, user, auth: await userAuth(user.id) };
}

const attemptsOf = (userId: number) => test.db.select().from(attempts).where(eq(attempts.userId, userId));

async function create(auth: string, body: Record<string, unknown>) {
  return callRoute(attemptRoute.POST, { method: "POST", path: BASE, auth, body });
}

describe("POST …/attempt and the learner's enrollment", () => {
  it.each([
    ["proctored", { attempt_proctored: "true" }],
    ["proctored", { attempt_proctored: "false" }],
    ["practice", { attempt_proctored: "true" }],
    ["timed", { start_clock: "true" }],
  ] as const)("refuses a learner who is not enrolled (%s exam, %o) with a 403", async (kind, body) => {
    const { exam, user, auth, course } = await setup(kind, null);
    const res = await create(auth, { exam_id: exam.id, ...body });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      detail: `user_id=${user.id} attempted to create an attempt for exam_id=${exam.id} in course_id=${course.courseKey} but is not enrolled in the course.`,
    });
    expect(await attemptsOf(user.id)).toEqual([]);
  });

  it("refuses a learner whose enrollment is no longer active", async () => {
    const { exam, user, auth } = await setup("timed", { mode: "verified", isActive: false });
    expect((await create(auth, { exam_id: exam.id, start_clock: "true" })).status).toBe(403);
    expect(await attemptsOf(user.id)).toEqual([]);
  });

  it.each(["audit", "honor"] as const)("refuses an %s learner a proctored or practice exam, and lets them take a timed one", async (mode) => {
    for (const kind of ["proctored", "practice"] as const) {
      const { exam, user, auth, course } = await setup(kind, { mode });
      const res = await create(auth, { exam_id: exam.id, attempt_proctored: "true", start_clock: "true" });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({
        detail: `user_id=${user.id} attempted to create an attempt for exam_id=${exam.id} in course_id=${course.courseKey} but the enrollment mode '${mode}' is not eligible for proctored exams.`,
      });
      expect(await attemptsOf(user.id)).toEqual([]);
    }
    const timed = await setup("timed", { mode });
    const res = await create(timed.auth, { exam_id: timed.exam.id, start_clock: "true" });
    expect(res.status).toBe(200);
    const [row] = await attemptsOf(timed.user.id);
    expect(row).toMatchObject({ status: "started", takingAsProctored: false });
  });

  it("lets a learner in an eligible mode create a proctored attempt", async () => {
    for (const mode of ["verified", "professional", "no-id-professional", "masters", "executive-education"] as const) {
      const { exam, user, auth } = await setup("proctored", { mode });
      const res = await create(auth, { exam_id: exam.id, attempt_proctored: "true" });
      expect(res.status).toBe(200);
      expect(await attemptsOf(user.id)).toHaveLength(1);
    }
  });
});

describe("createExamAttempt and course staff", () => {
  function staffActor(user: { id: number; username: string; email: string; fullName: string }, courseKey: string): UserActor {
    return { kind: "user", userId: user.id, username: user.username, email: user.email, fullName: user.fullName, isAdmin: false, courseRoles: new Map([[courseKey, ["staff"]]]) };
  }
  const ctxOf = (principal: UserActor) => ({ db: test.db, principal, now: new Date(), requestId: newRequestId(), source: "api" as const });

  it("exempts staff acting for a learner, but not staff taking the exam themselves", async () => {
    const { exam, user, course } = await setup("proctored", { mode: "audit" });
    const staff = await makeUser(test.db);
    const ctx = ctxOf(staffActor(staff, course.courseKey));

    const row = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(row).toMatchObject({ userId: user.id, examId: exam.id });

    await expect(createExamAttempt(ctx, { examId: exam.id, userId: staff.id, takingAsProctored: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `user_id=${staff.id} attempted to create an attempt for exam_id=${exam.id} in course_id=${course.courseKey} but is not enrolled in the course.`,
    });
    expect(await attemptsOf(staff.id)).toEqual([]);
  });

  it("does not exempt staff of another course", async () => {
    const { exam, user } = await setup("proctored", null);
    const other = await makeCourse(test.db);
    const staff = await makeUser(test.db);
    await expect(
      createExamAttempt(ctxOf(staffActor(staff, other.courseKey)), { examId: exam.id, userId: user.id, takingAsProctored: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await attemptsOf(user.id)).toEqual([]);
  });
});
