import { and, count, eq, inArray } from "drizzle-orm";
import { attemptAnswers, attempts, examQuestions, exams } from "@/db/schema";
import { hasScope, isCourseStaff } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { parseInput } from "@/lib/domain/input";
import { recordAudit } from "../journal";
import { SYNC_SCOPE } from "../sync/common";

export { MAX_CHOICE_CHARS, MAX_CHOICES, MAX_PROMPT_CHARS, MAX_QUESTIONS, QuestionInput, QuestionSetInput } from "@/lib/domain/exam-input";
import { QuestionSetInput } from "@/lib/domain/exam-input";


/**
 * Replaces an exam's built-in question set (staff author it per exam; the LMS may push it).
 * Course staff of the exam's course, admins, or a service token with `lms:sync`. Refused once any
 * learner has saved an answer: replacing the questions would delete those answers, and nothing a
 * learner did may be lost.
 */
export async function replaceQuestionSet(ctx: ServiceContext, examId: number, body: unknown) {
  return ctx.db.transaction(async (tx) => {
    const [exam] = await tx.select().from(exams).where(eq(exams.id, examId)).for("update").limit(1);
    const p = ctx.principal;
    // Who may change any exam's questions learns whether an exam exists; anyone else gets the same
    // 403 for an exam that does not exist as for one that does, and the body is read only after
    // this check, so neither its errors nor a 404 tell a learner which exam ids exist.
    const mayChangeAny = (p.kind === "user" && p.isAdmin) || (p.kind === "service" && hasScope(p, SYNC_SCOPE));
    const allowed = exam !== undefined && (mayChangeAny || (p.kind === "user" && isCourseStaff(p, exam.courseKey)));
    if (!exam && mayChangeAny) throw new ServiceError("NOT_FOUND", `Exam with exam_id=${examId} does not exist.`);
    if (!allowed) throw new ServiceError("FORBIDDEN", "Only the course's staff (or the LMS) may change this exam's questions.");
    const { questions } = parseInput(QuestionSetInput, body, "Invalid question set");
    const [answered] = await tx
      .select({ n: count() })
      .from(attemptAnswers)
      .innerJoin(attempts, eq(attempts.id, attemptAnswers.attemptId))
      .where(eq(attempts.examId, examId));
    if ((answered?.n ?? 0) > 0) {
      throw new ServiceError("CONFLICT", "Learners have already answered this question set, so it can no longer be replaced.");
    }
    const old = await tx.select({ id: examQuestions.id }).from(examQuestions).where(eq(examQuestions.examId, examId));
    if (old.length) await tx.delete(examQuestions).where(inArray(examQuestions.id, old.map((q) => q.id)));
    const rows = questions.length
      ? await tx
          .insert(examQuestions)
          .values(
            questions.map((q, position) => ({
              examId,
              position,
              kind: q.kind,
              prompt: q.prompt,
              choices: q.kind === "multiple_choice" ? q.choices : [],
              correctChoice: q.kind === "multiple_choice" ? q.correct_choice : null,
              points: q.points,
              created: ctx.now,
              modified: ctx.now,
            })),
          )
          .returning({ id: examQuestions.id, position: examQuestions.position })
      : [];
    await recordAudit(tx, ctx, {
      action: "exam.questions_replace",
      entityType: "exam",
      entityId: String(examId),
      courseKey: exam.courseKey,
      data: { removed: old.length, questions: rows.length },
    });
    return { exam_id: examId, questions: rows.sort((a, b) => a.position - b.position).map((r) => r.id) };
  });
}

/** Whether the exam has a question set (for pages choosing between questions and a content URL). */
export async function questionCount(db: ServiceContext["db"], examId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(examQuestions).where(and(eq(examQuestions.examId, examId)));
  return row?.n ?? 0;
}
