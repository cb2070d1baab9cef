import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attemptAnswers, auditLog, courseRoles, examQuestions } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { replaceQuestionSet } from "./questions";

const t = setupTestDatabase();
const NOW = new Date("2026-04-01T10:00:00Z");
const ctxFor = (principal: Principal): ServiceContext => ({ db: t.db, principal, now: NOW, requestId: newRequestId(), source: "api" });

async function staffOf(courseId: number) {
  const user = await makeUser(t.db);
  await t.db.insert(courseRoles).values({ userId: user.id, courseId, role: "staff" });
  return ctxFor((await loadUserActor(t.db, user.id))!);
}

const SET = [
  { kind: "multiple_choice", prompt: "2 + 2?", choices: ["3", "4"], correct_choice: 1, points: 2 },
  { kind: "short_answer", prompt: "Explain." },
];

async function questionsOf(examId: number) {
  return t.db.select().from(examQuestions).where(eq(examQuestions.examId, examId)).orderBy(asc(examQuestions.position));
}

describe("replaceQuestionSet", () => {
  it("course staff replace the set in order, with an audit row; a second replace swaps it", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const ctx = await staffOf(course.id);
    const first = await replaceQuestionSet(ctx, exam.id, { questions: SET });
    expect(first.questions).toHaveLength(2);
    const rows = await questionsOf(exam.id);
    expect(rows.map((q) => [q.position, q.kind, q.prompt, q.choices, q.correctChoice, q.points])).toEqual([
      [0, "multiple_choice", "2 + 2?", ["3", "4"], 1, 2],
      [1, "short_answer", "Explain.", [], null, 1],
    ]);
    await replaceQuestionSet(ctx, exam.id, { questions: [SET[1]] });
    expect((await questionsOf(exam.id)).map((q) => q.prompt)).toEqual(["Explain."]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(exam.id)));
    expect(audit.filter((a) => a.action === "exam.questions_replace").map((a) => a.data)).toEqual([
      { removed: 0, questions: 2 },
      { removed: 2, questions: 1 },
    ]);
  });

  it("refuses bad input and changes nothing", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const ctx = await staffOf(course.id);
    await replaceQuestionSet(ctx, exam.id, { questions: SET });
    const bad: unknown[] = [
      "not an object",
      SET,
      { questions: "not an array" },
      { questions: [{ kind: "essay", prompt: "x" }] },
      { questions: [{ kind: "multiple_choice", prompt: "x", choices: ["only one"], correct_choice: 0 }] },
      { questions: [{ kind: "multiple_choice", prompt: "x", choices: ["a", "b"], correct_choice: 2 }] },
      { questions: [{ kind: "short_answer", prompt: "   " }] },
      { questions: [{ kind: "short_answer", prompt: "x", points: -1 }] },
      { questions: Array.from({ length: 201 }, () => ({ kind: "short_answer", prompt: "x" })) },
    ];
    for (const body of bad) {
      await expect(replaceQuestionSet(ctx, exam.id, body), JSON.stringify(body).slice(0, 80)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await questionsOf(exam.id)).toHaveLength(2);
  });

  it("learners, staff of another course and other tokens are refused; unknown exams are not found for the LMS", async () => {
    const course = await makeCourse(t.db);
    const other = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const learner = await makeUser(t.db);
    await expect(replaceQuestionSet(ctxFor((await loadUserActor(t.db, learner.id))!), exam.id, { questions: SET })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(replaceQuestionSet(await staffOf(other.id), exam.id, { questions: SET })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Course staff may change only their own courses' exams: an unknown id is just as forbidden.
    await expect(replaceQuestionSet(await staffOf(course.id), 999_999, { questions: SET })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const lms: Principal = { kind: "service", tokenId: 1, name: "lms", scopes: ["lms:sync"], backendName: null };
    await expect(replaceQuestionSet(ctxFor(lms), 999_999, { questions: SET })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await replaceQuestionSet(ctxFor(lms), exam.id, { questions: SET })).questions).toHaveLength(2);
    const reader: Principal = { kind: "service", tokenId: 2, name: "reader", scopes: ["lms:act-as-user"], backendName: null };
    await expect(replaceQuestionSet(ctxFor(reader), exam.id, { questions: SET })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("is refused once a learner has answered, keeping the answers", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const ctx = await staffOf(course.id);
    const { questions } = await replaceQuestionSet(ctx, exam.id, { questions: SET });
    const learner = await makeUser(t.db);
    const attempt = await makeAttempt(t.db, { exam, userId: learner.id, status: "started" });
    await t.db.insert(attemptAnswers).values({ attemptId: attempt.id, questionId: questions[0]!, answer: { choice: 1 }, revision: 1 });
    await expect(replaceQuestionSet(ctx, exam.id, { questions: [SET[1]] })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await questionsOf(exam.id)).toHaveLength(2);
    expect(await t.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toHaveLength(1);
  });
});
