import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  courses,
  creditRequirementStatuses,
  creditRequirements,
  enrollments,
  users,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { declineForPrerequisite } from "@/lib/services/attempt/prerequisites";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as attemptRoute from "./route";
import * as sequence from "./course_id/[courseId]/route";

/**
 * §12.3's credit prerequisites at the API (docs/decisions/031-credit-eligibility.md): the client's
 * read carries the real `prerequisite_status`, the first proctored attempt is refused while a
 * prerequisite failed or is pending (unless opting out where allowed), and a declined one
 * declines the exam. Identity verification gates only the pages, as in 3.8.1.
 */
const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/attempt";
const MFE = "https://learning.example.org";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values({ name: "null", kind: "null", verboseName: "Null Backend", isDefault: true })
    .onConflictDoNothing();
});

interface Setup {
  course: Course;
  checkpointExam: Exam;
  exam: Exam;
  user: User;
  auth: string;
}

/**
 * A course whose requirements are, in order: a reverification checkpoint, a proctored midterm,
 * the final (this test's exam) and a grade. The learner is verified-enrolled and ID-approved.
 */
async function setup(options: { optOut?: boolean; statuses?: { checkpoint?: string; midterm?: string }; learningHost?: string } = {}): Promise<Setup> {
  const course = await makeCourse(test.db, { allowProctoringOptOut: options.optOut ?? false, learningMicrofrontendUrl: options.learningHost ?? null });
  const checkpointExam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "null", examName: "Midterm" });
  const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "null", examName: "Final" });
  await test.db.insert(creditRequirements).values([
    { courseId: course.id, namespace: "reverification", name: "icrv-1", displayName: "Checkpoint", order: 1 },
    { courseId: course.id, namespace: "proctored_exam", name: checkpointExam.contentId, displayName: "Midterm", order: 2 },
    { courseId: course.id, namespace: "proctored_exam", name: exam.contentId, displayName: "Final", order: 3 },
    { courseId: course.id, namespace: "grade", name: "grade", displayName: "Passing grade", order: 4 },
  ]);
  const user = await makeUser(test.db, { verificationStatus: "approved" });
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  const statuses = options.statuses ?? {};
  const rows = [
    ...(statuses.checkpoint ? [{ namespace: "reverification", name: "icrv-1", status: statuses.checkpoint }] : []),
    ...(statuses.midterm ? [{ namespace: "proctored_exam", name: checkpointExam.contentId, status: statuses.midterm }] : []),
  ];
  for (const row of rows) {
    await test.db.insert(creditRequirementStatuses).values({
      userId: user.id,
      courseId: course.id,
      namespace: row.namespace,
      name: row.name,
      status: row.status as "satisfied",
      source: "lms",
    });
  }
  return { course, checkpointExam, exam, user, auth: await userAuth(user.id) };
}

const attemptsOf = (userId: number) => test.db.select().from(attempts).where(eq(attempts.userId, userId));
const attemptsOn = (exam: Exam, userId: number) =>
  test.db.select().from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.examId, exam.id)));

const create = (auth: string, body: Record<string, unknown>) => callRoute(attemptRoute.POST, { method: "POST", path: BASE, auth, body });

async function read(s: Pick<Setup, "course" | "exam">, auth: string, extra = "") {
  const query = `content_id=${encodeURIComponent(s.exam.contentId)}${extra}`;
  const res = await callRoute(sequence.GET, { path: `${BASE}/course_id/x?${query}`, params: { courseId: s.course.courseKey }, auth });
  expect(res.status).toBe(200);
  return res.json as { exam: Record<string, unknown> & { attempt: Record<string, unknown>; prerequisite_status?: Record<string, unknown> } };
}

const SATISFIED = { checkpoint: "satisfied", midterm: "satisfied" };

describe("the client's read: prerequisite_status", () => {
  it("all satisfied: true, with the satisfied ones listed and the grade left out", async () => {
    const s = await setup({ statuses: SATISFIED });
    const { exam } = await read(s, s.auth);
    expect(exam.prerequisite_status).toMatchObject({
      are_prerequisites_satisifed: true,
      failed_prerequisites: [],
      pending_prerequisites: [],
      declined_prerequisites: [],
    });
    const satisfied = exam.prerequisite_status!.satisfied_prerequisites as { display_name: string }[];
    expect(satisfied.map((p) => p.display_name)).toEqual(["Checkpoint", "Midterm"]);
  });

  it("failed: display names and jump-to links (the exam's page; a checkpoint has none without a learning host)", async () => {
    const s = await setup({ statuses: { checkpoint: "failed", midterm: "failed" } });
    const { exam } = await read(s, s.auth);
    expect(exam.prerequisite_status).toEqual({
      are_prerequisites_satisifed: false,
      satisfied_prerequisites: [],
      failed_prerequisites: [
        { namespace: "reverification", name: "icrv-1", display_name: "Checkpoint", order: 1, status: "failed", jumpto_url: null },
        {
          namespace: "proctored_exam",
          name: s.checkpointExam.contentId,
          display_name: "Midterm",
          order: 2,
          status: "failed",
          jumpto_url: `http://127.0.0.1:3000/courses/${encodeURIComponent(s.course.courseKey)}/exams/${encodeURIComponent(s.checkpointExam.contentId)}`,
        },
      ],
      pending_prerequisites: [],
      declined_prerequisites: [],
    });
  });

  it("in the Learning MFE, jump-to links point at the course's learning host", async () => {
    const s = await setup({ statuses: { checkpoint: "pending" }, learningHost: MFE });
    const { exam } = await read(s, s.auth, "&is_learning_mfe=true");
    const pending = exam.prerequisite_status!.pending_prerequisites as { name: string; jumpto_url: string | null }[];
    expect(pending.map((p) => p.jumpto_url)).toEqual([
      `${MFE}/course/${s.course.courseKey}/icrv-1`,
      `${MFE}/course/${s.course.courseKey}/${s.checkpointExam.contentId}`,
    ]);
  });

  it("no statuses yet: every earlier requirement is pending (Invigil's own `submitted` too)", async () => {
    const s = await setup({ statuses: { checkpoint: "satisfied", midterm: "submitted" } });
    const { exam } = await read(s, s.auth);
    expect(exam.prerequisite_status).toMatchObject({ are_prerequisites_satisifed: false });
    expect((exam.prerequisite_status!.pending_prerequisites as { status: string }[]).map((p) => p.status)).toEqual(["pending"]);
  });

  it("absent for a timed or a practice exam, and once an attempt exists", async () => {
    const s = await setup({ statuses: { checkpoint: "failed" } });
    for (const kind of [{ isProctored: false }, { isProctored: true, isPracticeExam: true }]) {
      const other = await makeExam(test.db, { courseKey: s.course.courseKey, backend: "null", ...kind });
      const { exam } = await read({ course: s.course, exam: other }, s.auth);
      expect(exam).not.toHaveProperty("prerequisite_status");
    }
    await makeAttempt(test.db, { exam: s.exam, userId: s.user.id, status: "created" });
    const { exam } = await read(s, s.auth);
    expect(exam).not.toHaveProperty("prerequisite_status");
  });
});

describe("POST …/attempt: the first attempt of a gated exam", () => {
  it("refuses a proctored attempt while a prerequisite failed, naming it, and writes nothing", async () => {
    const s = await setup({ statuses: { checkpoint: "satisfied", midterm: "failed" } });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true" });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      detail:
        `user_id=${s.user.id} attempted to create an attempt for exam_id=${s.exam.id} in course_id=${s.course.courseKey} ` +
        "but did not satisfy its prerequisites (failed: Midterm). This course does not allow taking it without proctoring.",
    });
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });

  it("refuses a proctored attempt while prerequisites are pending, and says an opt-out is possible where it is", async () => {
    const s = await setup({ optOut: true });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true" });
    expect(res.status).toBe(403);
    expect((res.json as { detail: string }).detail).toBe(
      `user_id=${s.user.id} attempted to create an attempt for exam_id=${s.exam.id} in course_id=${s.course.courseKey} ` +
        "but has not yet completed its prerequisites (pending: Checkpoint, Midterm). The exam can be taken without proctoring (attempt_proctored=false).",
    );
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });

  it("lets the learner opt out (attempt_proctored=false) where the course allows it: the attempt is declined", async () => {
    const s = await setup({ optOut: true, statuses: { checkpoint: "failed" } });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "false", start_clock: "true" });
    expect(res.status).toBe(200);
    const [row] = await attemptsOf(s.user.id);
    expect(row).toMatchObject({ status: "declined", takingAsProctored: false });
  });

  it("refuses the opt-out too where the course does not allow it", async () => {
    const s = await setup({ statuses: { checkpoint: "failed" } });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "false" });
    expect(res.status).toBe(403);
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });

  it("all satisfied: the proctored attempt is created as usual", async () => {
    const s = await setup({ statuses: SATISFIED });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true" });
    expect(res.status).toBe(200);
    const [row] = await attemptsOf(s.user.id);
    expect(row).toMatchObject({ status: "created", takingAsProctored: true });
  });

  it("a declined prerequisite: the proctored attempt is created declined, with its reason on the timeline", async () => {
    const s = await setup({ statuses: { checkpoint: "declined", midterm: "failed" } });
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true", start_clock: "false" });
    expect(res.status).toBe(200);
    const [row] = await attemptsOf(s.user.id);
    expect(row).toMatchObject({ status: "declined", takingAsProctored: false, externalId: null });
    expect((res.json as { exam_attempt_id: number }).exam_attempt_id).toBe(row!.id);
    const audit = await test.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.attemptId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["attempt.create", "attempt.decline_prerequisite"]));
    // The decline reaches the credit table as Invigil writes it for any declined exam (§4.3).
    const [credit] = await test.db
      .select()
      .from(creditRequirementStatuses)
      .where(and(eq(creditRequirementStatuses.userId, s.user.id), eq(creditRequirementStatuses.name, s.exam.contentId)));
    expect(credit).toMatchObject({ status: "declined", source: "proctoring" });
    expect(credit!.statusDate).toBeInstanceOf(Date);
  });

  it("a resumed attempt is not gated again", async () => {
    const s = await setup({ statuses: SATISFIED });
    await makeAttempt(test.db, { exam: s.exam, userId: s.user.id, status: "ready_to_resume", timeRemainingSeconds: 600 });
    await test.db
      .update(creditRequirementStatuses)
      .set({ status: "failed" })
      .where(eq(creditRequirementStatuses.userId, s.user.id));
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true" });
    expect(res.status).toBe(200);
    expect(await attemptsOf(s.user.id)).toHaveLength(2);
  });

  it("identity verification gates the pages only, as 3.8.1: an unverified learner's attempt is created", async () => {
    const s = await setup({ statuses: SATISFIED });
    await test.db.update(users).set({ verificationStatus: "expired" }).where(eq(users.id, s.user.id));
    const res = await create(s.auth, { exam_id: s.exam.id, attempt_proctored: "true" });
    expect(res.status).toBe(200);
  });
});

describe("a declined prerequisite and the client's read", () => {
  it("the learner's own read creates and declines the attempt once, and answers with it", async () => {
    const s = await setup({ statuses: { checkpoint: "declined" } });
    const first = await read(s, s.auth);
    expect(first.exam).not.toHaveProperty("prerequisite_status");
    expect(first.exam.attempt).toMatchObject({ attempt_status: "declined", taking_as_proctored: false });
    const second = await read(s, s.auth);
    expect(second.exam.attempt).toMatchObject({ attempt_id: first.exam.attempt.attempt_id, attempt_status: "declined" });
    expect(await attemptsOn(s.exam, s.user.id)).toHaveLength(1);
    // Declining cascades to the course's other proctored exams, as any decline does (§4.3).
    expect(await attemptsOn(s.checkpointExam, s.user.id)).toMatchObject([{ status: "declined" }]);
  });

  it("course staff reading the learner (user_id) change nothing and see the declined list", async () => {
    const s = await setup({ statuses: { checkpoint: "declined" } });
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: s.course.id, role: "staff" });
    const { exam } = await read(s, await userAuth(staff.id), `&user_id=${s.user.id}`);
    expect(exam.attempt).toEqual({});
    expect((exam.prerequisite_status!.declined_prerequisites as { name: string }[]).map((p) => p.name)).toEqual(["icrv-1"]);
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });
});

describe("declineForPrerequisite (the verb the learner page calls)", () => {
  const ctxOf = (user: User): ServiceContext => {
    const principal: UserActor = {
      kind: "user",
      userId: user.id,
      username: user.username,
      email: user.email,
      fullName: user.fullName,
      isAdmin: false,
      courseRoles: new Map(),
    };
    return { db: test.db, principal, now: new Date(), requestId: newRequestId(), source: "web" };
  };

  it("creates and declines once; a repeat returns the same attempt", async () => {
    const s = await setup({ statuses: { midterm: "declined" } });
    const first = await declineForPrerequisite(ctxOf(s.user), { examId: s.exam.id, userId: s.user.id });
    expect(first).toMatchObject({ status: "declined", takingAsProctored: false });
    const again = await declineForPrerequisite(ctxOf(s.user), { examId: s.exam.id, userId: s.user.id });
    expect(again).toBeNull();
    expect(await attemptsOn(s.exam, s.user.id)).toHaveLength(1);
  });

  it("does nothing without a declined prerequisite, for an inactive account, past the due date, after the course's end, or for an audit learner", async () => {
    const cases: ((s: Setup) => Promise<unknown>)[] = [
      async (s) => test.db.update(creditRequirementStatuses).set({ status: "failed" }).where(eq(creditRequirementStatuses.userId, s.user.id)),
      async (s) => test.db.update(users).set({ isActive: false }).where(eq(users.id, s.user.id)),
      async (s) => test.db.update(courses).set({ end: new Date(Date.now() - 60_000) }).where(eq(courses.id, s.course.id)),
      async (s) => test.db.update(enrollments).set({ mode: "audit" }).where(eq(enrollments.userId, s.user.id)),
    ];
    for (const change of cases) {
      const s = await setup({ statuses: { checkpoint: "declined" } });
      await change(s);
      expect(await declineForPrerequisite(ctxOf(s.user), { examId: s.exam.id, userId: s.user.id })).toBeNull();
      expect(await attemptsOf(s.user.id)).toEqual([]);
    }
    const s = await setup({ statuses: { checkpoint: "declined" } });
    const pastDue = await makeExam(test.db, { courseKey: s.course.courseKey, isProctored: true, backend: "null", dueDate: new Date(Date.now() - 60_000) });
    expect(await declineForPrerequisite(ctxOf(s.user), { examId: pastDue.id, userId: s.user.id })).toBeNull();
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });

  it("is refused for someone else's exam", async () => {
    const s = await setup({ statuses: { checkpoint: "declined" } });
    const other = await makeUser(test.db);
    await expect(declineForPrerequisite(ctxOf(other), { examId: s.exam.id, userId: s.user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await attemptsOf(s.user.id)).toEqual([]);
  });
});
