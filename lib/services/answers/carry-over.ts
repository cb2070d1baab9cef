import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptAnswers } from "@/db/schema";

/**
 * Copies the answers of an attempt into its successor, in the caller's transaction. A staff
 * resume (error → ready_to_resume → a new attempt with the time that was left, §4.6) makes a new
 * attempt row; without this the learner would come back to an empty question set.
 *
 * Revisions are kept, so a stale autosave from the old page can never overwrite a newer answer
 * on the new attempt either. Answers the new attempt already has win (nothing is overwritten).
 * Returns how many answers were copied.
 */
export async function carryOverAnswers(tx: DbOrTx, fromAttemptId: number, toAttemptId: number): Promise<number> {
  if (fromAttemptId === toAttemptId) return 0;
  const rows = await tx
    .select({
      questionId: attemptAnswers.questionId,
      answer: attemptAnswers.answer,
      revision: attemptAnswers.revision,
      created: attemptAnswers.created,
      modified: attemptAnswers.modified,
    })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptId, fromAttemptId));
  if (rows.length === 0) return 0;
  const copied = await tx
    .insert(attemptAnswers)
    .values(rows.map((r) => ({ ...r, attemptId: toAttemptId })))
    .onConflictDoNothing({ target: [attemptAnswers.attemptId, attemptAnswers.questionId] })
    .returning({ id: attemptAnswers.id });
  return copied.length;
}
