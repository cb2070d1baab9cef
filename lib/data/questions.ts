import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { examQuestions, type QuestionKind } from "@/db/schema";

/**
 * A question as the learner's browser may see it. There is deliberately no `correctChoice`:
 * whatever is sent to the page can be read in its source, so the right answer never leaves the
 * server (scoring happens in lib/services/answers/score.ts).
 */
export interface LearnerQuestion {
  id: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  choices: string[];
  points: number;
}

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
