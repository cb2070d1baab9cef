import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptAnswers, attempts, examQuestions, type Attempt, type ExamQuestion } from "@/db/schema";
import type { AnswerValue } from "./shapes";

export interface Score {
  earned: number;
  possible: number;
}

/**
 * The multiple-choice score of one attempt: points of the questions answered with the right
 * choice over the points of every auto-scorable question. Null when there is none, so "no score"
 * never reads as 0 %.
 *
 * A multiple-choice question without a right choice (the author has not set it yet) is left out
 * of both sums: nobody could answer it right, and counting it would mark every learner down for
 * an authoring gap. Short answers are marked by people, not here.
 */
export function computeScore(
  questions: readonly Pick<ExamQuestion, "id" | "kind" | "correctChoice" | "points">[],
  answers: readonly { questionId: number; answer: AnswerValue }[],
): Score | null {
  const scorable = questions.filter((q) => q.kind === "multiple_choice" && q.correctChoice !== null);
  if (scorable.length === 0) return null;
  const chosen = new Map<number, number>();
  for (const a of answers) if ("choice" in a.answer) chosen.set(a.questionId, a.answer.choice);
  let earned = 0;
  let possible = 0;
  for (const q of scorable) {
    possible += q.points;
    if (chosen.get(q.id) === q.correctChoice) earned += q.points;
  }
  return { earned, possible };
}

/** The score an attempt has now (reads its answers and the exam's questions; writes nothing). */
export async function attemptScore(tx: DbOrTx, attemptId: number, examId: number): Promise<Score | null> {
  const questions = await tx
    .select({ id: examQuestions.id, kind: examQuestions.kind, correctChoice: examQuestions.correctChoice, points: examQuestions.points })
    .from(examQuestions)
    .where(and(eq(examQuestions.examId, examId), eq(examQuestions.kind, "multiple_choice")));
  const answers =
    questions.length === 0
      ? []
      : await tx
          .select({ questionId: attemptAnswers.questionId, answer: attemptAnswers.answer })
          .from(attemptAnswers)
          .where(eq(attemptAnswers.attemptId, attemptId));
  return computeScore(questions, answers);
}

/** The columns that hold a score (both null without a scorable question). */
export function scoreColumns(score: Score | null): Pick<Attempt, "scoreEarned" | "scorePossible"> {
  return { scoreEarned: score?.earned ?? null, scorePossible: score?.possible ?? null };
}

/**
 * Scores an attempt and writes `score_earned` / `score_possible`. Runs in the caller's
 * transaction, which holds the attempt's row lock: a save accepted in the grace window after an
 * automatic submission calls it. (transitionAttempt writes the score with the status instead, as
 * the attempt is handed in.) Returns the updated row.
 */
export async function scoreAttempt(tx: DbOrTx, attemptId: number, examId: number): Promise<Attempt | null> {
  const score = await attemptScore(tx, attemptId, examId);
  const [row] = await tx.update(attempts).set(scoreColumns(score)).where(eq(attempts.id, attemptId)).returning();
  return row ?? null;
}
