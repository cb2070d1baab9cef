import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptAnswers, attempts, backendConfigs, examQuestions, exams, reviewPolicies, type Exam } from "@/db/schema";
import { backendKindSupportsOnboarding, examKind } from "@/lib/domain/exam-kind";
import { IN_PROGRESS_STATUSES } from "@/lib/domain/statuses";
import type { BackendChoice, ExamSettingsSummary, EditorQuestion } from "@/lib/domain/dashboard-views";

/** Enabled backends (and the built-in `null` one), the site default marked. */
export async function listBackendChoices(db: DbOrTx): Promise<BackendChoice[]> {
  const rows = await db
    .select({
      name: backendConfigs.name,
      kind: backendConfigs.kind,
      verboseName: backendConfigs.verboseName,
      isDefault: backendConfigs.isDefault,
      settings: backendConfigs.settings,
    })
    .from(backendConfigs)
    .where(eq(backendConfigs.enabled, true))
    .orderBy(asc(backendConfigs.name));
  const choices: BackendChoice[] = rows.map((r) => ({
    name: r.name,
    label: r.verboseName || r.name,
    // The kind says whether a backend can; the mock's settings may turn it off (lib/backends/mock.ts).
    supportsOnboarding: backendKindSupportsOnboarding(r.kind) && !(r.kind === "mock" && r.settings?.supports_onboarding === false),
    isDefault: r.isDefault,
  }));
  if (!choices.some((c) => c.name === "null")) {
    choices.push({ name: "null", label: "Null Backend", supportsOnboarding: false, isDefault: false });
  }
  if (!choices.some((c) => c.isDefault)) choices.find((c) => c.name === "null")!.isDefault = true;
  return choices;
}

function summary(exam: Exam, backends: readonly BackendChoice[], questionCount: number, hasReviewPolicy: boolean): ExamSettingsSummary {
  const fallback = backends.find((b) => b.isDefault);
  const backend = backends.find((b) => b.name === exam.backend) ?? fallback;
  return {
    id: exam.id,
    examName: exam.examName,
    contentId: exam.contentId,
    kind: examKind(exam, backend?.supportsOnboarding ?? false),
    timeLimitMins: exam.timeLimitMins,
    dueDate: exam.dueDate?.toISOString() ?? null,
    hideAfterDue: exam.hideAfterDue,
    isActive: exam.isActive,
    isProctored: exam.isProctored,
    isPracticeExam: exam.isPracticeExam,
    backend: exam.backend,
    contentUrl: exam.contentUrl,
    questionCount,
    hasReviewPolicy,
  };
}

/** Every exam of the course (active or not), in creation order. */
export async function listCourseExamSettings(db: DbOrTx, courseKey: string): Promise<ExamSettingsSummary[]> {
  const list = await db.select().from(exams).where(eq(exams.courseKey, courseKey)).orderBy(asc(exams.id));
  if (list.length === 0) return [];
  const ids = list.map((e) => e.id);
  const [backends, questionRows, policyRows] = await Promise.all([
    listBackendChoices(db),
    db.select({ examId: examQuestions.examId, n: count() }).from(examQuestions).where(inArray(examQuestions.examId, ids)).groupBy(examQuestions.examId),
    db.select({ examId: reviewPolicies.examId }).from(reviewPolicies).where(inArray(reviewPolicies.examId, ids)),
  ]);
  const questions = new Map(questionRows.map((r) => [r.examId, r.n]));
  const policies = new Set(policyRows.map((r) => r.examId));
  return list.map((e) => summary(e, backends, questions.get(e.id) ?? 0, policies.has(e.id)));
}

export interface ExamEditorData {
  exam: ExamSettingsSummary;
  reviewPolicy: string;
  /** The question set in QuestionSetInput's shape, in order. */
  questions: EditorQuestion[];
  /** Learners have saved answers: the question set can no longer be replaced. */
  answered: boolean;
  /**
   * Attempts at the exam (every status), and how many of them are running now: the settings page
   * warns how many a change affects before it is saved.
   */
  attempts: { total: number; running: number };
}

/** One exam of the course for its edit page; null when the course has no such exam. */
export async function examEditorData(db: DbOrTx, courseKey: string, examId: number): Promise<ExamEditorData | null> {
  const [exam] = await db
    .select()
    .from(exams)
    .where(and(eq(exams.id, examId), eq(exams.courseKey, courseKey)))
    .limit(1);
  if (!exam) return null;
  const [backends, questionRows, [policy], [answered], [attemptCounts]] = await Promise.all([
    listBackendChoices(db),
    db.select().from(examQuestions).where(eq(examQuestions.examId, exam.id)).orderBy(asc(examQuestions.position)),
    db.select({ text: reviewPolicies.reviewPolicy }).from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id)).limit(1),
    db
      .select({ n: count() })
      .from(attemptAnswers)
      .innerJoin(attempts, eq(attempts.id, attemptAnswers.attemptId))
      .where(eq(attempts.examId, exam.id)),
    db
      .select({
        total: count(),
        running: sql<number>`count(*) filter (where ${inArray(attempts.status, [...IN_PROGRESS_STATUSES])})`.mapWith(Number),
      })
      .from(attempts)
      .where(eq(attempts.examId, exam.id)),
  ]);
  const questions: EditorQuestion[] = questionRows.map((q) =>
    q.kind === "multiple_choice"
      ? { kind: "multiple_choice", prompt: q.prompt, choices: q.choices, correct_choice: q.correctChoice ?? 0, points: q.points }
      : { kind: "short_answer", prompt: q.prompt, points: q.points },
  );
  return {
    exam: summary(exam, backends, questionRows.length, policy !== undefined),
    reviewPolicy: policy?.text ?? "",
    questions,
    answered: (answered?.n ?? 0) > 0,
    attempts: { total: attemptCounts?.total ?? 0, running: attemptCounts?.running ?? 0 },
  };
}
