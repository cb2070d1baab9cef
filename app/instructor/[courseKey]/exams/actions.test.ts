import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attemptAnswers, auditLog, backendConfigs, examQuestions, exams, reviewPolicies } from "@/db/schema";
import { CreateExamForm, kindAvailable, kindFlags, kindOf, QuestionSetForm, UpdateExamForm } from "@/components/dashboard/exams/schemas";
import { loadUserActor } from "@/lib/data/actor-loader";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { createExam } from "@/lib/services/exam/create";
import { updateExam } from "@/lib/services/exam/update";
import { issuesToErrors } from "@/lib/domain/input";
import { setupApiTestDatabase } from "@/lib/testing/api";
import { makeAttempt } from "@/lib/testing/factories";
import { buildScenario, type Scenario } from "@/lib/testing/scenario";

// The session is whoever the test says; refresh() needs a Next request, which a test has not.
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/actor", async () => {
  const { getDb } = await import("@/db/client");
  const { loadUserActor: load } = await import("@/lib/data/actor-loader");
  return { getSessionActor: async () => (session.userId === null ? null : load(await getDb(), session.userId)) };
});
vi.mock("next/cache", () => ({ refresh: vi.fn() }));

const { createExamAction, saveQuestionSetAction, updateExamAction } = await import("./actions");

const t = setupApiTestDatabase();

beforeAll(async () => {
  await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock" }).onConflictDoNothing();
});

/** What the create form sends (the raw values of its inputs). */
function formValues(overrides: Record<string, unknown> = {}) {
  return {
    exam_name: "Midterm",
    content_id: `block-v1:Matrix+X+2026+type@sequential+block@${Math.random().toString(16).slice(2)}`,
    time_limit_mins: "90",
    is_proctored: true,
    is_practice_exam: false,
    is_active: true,
    hide_after_due: false,
    due_date: "2026-06-01T15:30:00.000Z",
    backend: "mock",
    content_url: "https://lms.example.org/courses/x/midterm",
    external_id: null,
    review_policy: "Notes allowed.",
    ...overrides,
  };
}

const as = (userId: number | null) => {
  session.userId = userId;
};

describe("createExamAction", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t.db);
  });

  it("lets course staff create an exam in their course, with its content URL and review policy", async () => {
    as(s.staff.id);
    // A course_id in the values is ignored: the dashboard's course is the exam's course.
    const result = await createExamAction(s.course.courseKey, formValues({ course_id: s.otherCourse.courseKey }));
    expect(result).toMatchObject({ ok: true, message: "Created “Midterm”." });
    if (!result.ok) return;
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, result.examId));
    expect(exam).toMatchObject({
      courseKey: s.course.courseKey,
      examName: "Midterm",
      timeLimitMins: 90,
      isProctored: true,
      isPracticeExam: false,
      backend: "mock",
      contentUrl: "https://lms.example.org/courses/x/midterm",
      dueDate: new Date("2026-06-01T15:30:00.000Z"),
    });
    const [policy] = await t.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, result.examId));
    expect(policy).toMatchObject({ reviewPolicy: "Notes allowed.", setByUserId: s.staff.id });
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "exam.create"), eq(auditLog.entityId, String(result.examId))));
    expect(audit).toMatchObject({ actorUserId: s.staff.id, source: "web", courseKey: s.course.courseKey });
  });

  it("saves no review policy for a timed exam", async () => {
    as(s.staff.id);
    const result = await createExamAction(s.course.courseKey, formValues({ is_proctored: false, review_policy: "ignored", content_url: "" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await t.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, result.examId))).toEqual([]);
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, result.examId));
    expect(exam!.contentUrl).toBeNull();
  });

  it("puts each problem on its field", async () => {
    as(s.staff.id);
    const result = await createExamAction(
      s.course.courseKey,
      formValues({ exam_name: "  ", time_limit_mins: "-5", content_url: "javascript:alert(1)", due_date: "next week" }),
    );
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["content_url", "due_date", "exam_name", "time_limit_mins"]);
    expect(result.fieldErrors.content_url).toBe("Enter an http(s) address, or a path on this site starting with /.");
    const unknown = await createExamAction(s.course.courseKey, formValues({ backend: "nope" }));
    expect(unknown).toMatchObject({ ok: false, status: 400, fieldErrors: { backend: expect.stringContaining("No proctoring backend configured for 'nope'") } });
  });

  it("refuses learners, staff of another course and a visitor without a session", async () => {
    for (const who of [s.owner.id, s.learner.id, s.otherStaff.id]) {
      as(who);
      expect(await createExamAction(s.course.courseKey, formValues())).toMatchObject({ ok: false, status: 403 });
    }
    as(null);
    expect(await createExamAction(s.course.courseKey, formValues())).toMatchObject({ ok: false, status: 403, detail: "Your session has ended: sign in again." });
  });

  it("keeps the REST API's rule: course staff calling the service as an API client are refused", async () => {
    const ctx: ServiceContext = { db: t.db, principal: (await loadUserActor(t.db, s.staff.id))!, now: new Date(), requestId: newRequestId(), source: "api" };
    await expect(createExam(ctx, { ...formValues(), course_id: s.course.courseKey })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateExam(ctx, { exam_id: s.proctored.id, exam_name: "Renamed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Even from the dashboard, another course's exam stays out of reach of this course's staff.
    await expect(updateExam({ ...ctx, source: "web" }, { exam_id: (await buildScenario(t.db)).proctored.id, exam_name: "Renamed" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("updateExamAction", () => {
  it("saves the settings, clears the content URL and due date, and updates the review policy", async () => {
    const s = await buildScenario(t.db);
    await t.db.update(exams).set({ contentUrl: "/courses/page", dueDate: new Date("2026-07-01T00:00:00Z") }).where(eq(exams.id, s.proctored.id));
    as(s.staff.id);
    const result = await updateExamAction(s.course.courseKey, s.proctored.id, {
      exam_name: "Final (revised)",
      time_limit_mins: "120",
      is_proctored: true,
      is_practice_exam: false,
      is_active: false,
      hide_after_due: true,
      due_date: null,
      backend: "",
      content_url: null,
      review_policy: "Closed book.",
    });
    expect(result).toMatchObject({ ok: true, examId: s.proctored.id });
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, s.proctored.id));
    expect(exam).toMatchObject({ examName: "Final (revised)", timeLimitMins: 120, isActive: false, hideAfterDue: true, dueDate: null, contentUrl: null, backend: "mock" });
    const [policy] = await t.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, s.proctored.id));
    expect(policy!.reviewPolicy).toBe("Closed book.");
  });

  it("answers 404 for an exam of another course, and 403 to staff of another course", async () => {
    const s = await buildScenario(t.db);
    const other = await buildScenario(t.db);
    as(s.staff.id);
    expect(await updateExamAction(s.course.courseKey, other.proctored.id, { exam_name: "x" })).toMatchObject({ ok: false, status: 404 });
    as(s.otherStaff.id);
    expect(await updateExamAction(s.course.courseKey, s.proctored.id, { exam_name: "x" })).toMatchObject({ ok: false, status: 403 });
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, s.proctored.id));
    expect(exam!.examName).toBe("Proctored");
  });
});

describe("saveQuestionSetAction", () => {
  const SET = {
    questions: [
      { kind: "multiple_choice", prompt: "2 + 2?", choices: ["3", "4", "5"], correct_choice: 1, points: 2 },
      { kind: "short_answer", prompt: "Why?", points: 1 },
    ],
  };

  it("saves the set in order, reports field errors by path, and says clearly when learners have answered", async () => {
    const s = await buildScenario(t.db);
    as(s.staff.id);
    expect(await saveQuestionSetAction(s.course.courseKey, s.timed.id, SET)).toMatchObject({ ok: true, message: "Saved 2 questions." });
    const rows = await t.db.select().from(examQuestions).where(eq(examQuestions.examId, s.timed.id)).orderBy(asc(examQuestions.position));
    expect(rows.map((q) => [q.kind, q.prompt, q.choices, q.correctChoice, q.points])).toEqual([
      ["multiple_choice", "2 + 2?", ["3", "4", "5"], 1, 2],
      ["short_answer", "Why?", [], null, 1],
    ]);

    const bad = await saveQuestionSetAction(s.course.courseKey, s.timed.id, {
      questions: [{ kind: "multiple_choice", prompt: "", choices: ["a", ""], correct_choice: 5, points: 1 }],
    });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["questions.0.choices.1", "questions.0.correct_choice", "questions.0.prompt"]);

    const attempt = await makeAttempt(t.db, { exam: s.timed, status: "started", startedAt: new Date(), allowedTimeLimitMins: 45 });
    await t.db.insert(attemptAnswers).values({ attemptId: attempt.id, questionId: rows[0]!.id, answer: { choice: 1 }, revision: 1 });
    const refused = await saveQuestionSetAction(s.course.courseKey, s.timed.id, { questions: [] });
    expect(refused).toMatchObject({
      ok: false,
      status: 409,
      detail: "Learners have already answered this question set, so it can no longer be replaced.",
    });
    expect(await t.db.select().from(examQuestions).where(eq(examQuestions.examId, s.timed.id))).toHaveLength(2);
  });

  it("refuses staff of another course", async () => {
    const s = await buildScenario(t.db);
    as(s.otherStaff.id);
    expect(await saveQuestionSetAction(s.course.courseKey, s.timed.id, SET)).toMatchObject({ ok: false, status: 403 });
  });
});

describe("the forms' schemas are the services'", () => {
  it("accept what the create and edit forms send, and name the same fields the server does", () => {
    expect(CreateExamForm.safeParse({ ...formValues(), course_id: "course-v1:A+B+C" }).success).toBe(true);
    expect(UpdateExamForm.safeParse({ exam_id: 3, ...formValues() }).success).toBe(true);
    const bad = CreateExamForm.safeParse({ ...formValues({ exam_name: "", content_url: "ftp://x" }), course_id: "course-v1:A+B+C" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(issuesToErrors(bad.error.issues).map((e) => e.field).sort()).toEqual(["content_url", "exam_name"]);
    const set = QuestionSetForm.safeParse({ questions: [{ kind: "multiple_choice", prompt: "?", choices: ["a"], correct_choice: 0, points: 1 }] });
    expect(set.success).toBe(false);
  });

  it.each([
    ["timed", false, { is_proctored: false, is_practice_exam: false }],
    ["proctored", false, { is_proctored: true, is_practice_exam: false }],
    ["practice", false, { is_proctored: true, is_practice_exam: true }],
    ["onboarding", true, { is_proctored: true, is_practice_exam: true }],
  ] as const)("kind %s (backend with onboarding: %s) is two booleans and reads back", (kind, onboarding, flags) => {
    expect(kindFlags(kind)).toEqual(flags);
    expect(kindAvailable(kind, onboarding)).toBe(true);
    expect(kindOf(flags, onboarding)).toBe(kind);
  });

  it("offers practice only without onboarding support, and onboarding only with it", () => {
    expect(kindAvailable("practice", true)).toBe(false);
    expect(kindAvailable("onboarding", false)).toBe(false);
    expect(kindOf({ is_proctored: true, is_practice_exam: true }, true)).toBe("onboarding");
  });
});
