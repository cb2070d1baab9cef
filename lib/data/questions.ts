import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { examQuestions } from "@/db/schema";
import type { LearnerQuestion } from "@/lib/domain/answers";

export type { LearnerQuestion } from "@/lib/domain/answers";

/** The exam's built-in question set in display order, without the answers; [] when it has none. */
export async function loadQuestionSet(db: DbOrTx, examId: number): Promise<LearnerQuestion[]> {
  return db
    .select({
      id: examQuestions.id,
      position: examQuestions.position,
      kind: examQuestions.kind,
      prompt: examQuestions.prompt,
      choices: examQuestions.choices,
      points: examQuestions.points,
    })
    .from(examQuestions)
    .where(eq(examQuestions.examId, examId))
    .orderBy(asc(examQuestions.position), asc(examQuestions.id));
}
