import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptAnswers } from "@/db/schema";
import type { AnswerValue } from "@/lib/domain/answers";

/** One saved answer as the learner's page and course staff see it. */
export interface AnswerView {
  questionId: number;
  answer: AnswerValue;
  revision: number;
  savedAt: Date;
}

/**
 * The saved answers of an attempt in question order: data access only. Who may read them is the
 * caller's check (listAnswers in lib/services/answers/save.ts, the exam page's query).
 */
export async function answersOfAttempt(db: DbOrTx, attemptId: number): Promise<AnswerView[]> {
  return db
    .select({
      questionId: attemptAnswers.questionId,
      answer: attemptAnswers.answer,
      revision: attemptAnswers.revision,
      savedAt: attemptAnswers.modified,
    })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptId, attemptId))
    .orderBy(asc(attemptAnswers.questionId));
}

/** The `initialAnswers` prop of components/exam-body/question-set.tsx. */
export function answersByQuestion(answers: readonly AnswerView[]): Record<number, { answer: AnswerValue; revision: number }> {
  const out: Record<number, { answer: AnswerValue; revision: number }> = {};
  for (const a of answers) out[a.questionId] = { answer: a.answer, revision: a.revision };
  return out;
}
