import type { ExamQuestion } from "@/db/schema";

import { MAX_SHORT_ANSWER_CHARS, type AnswerValue } from "@/lib/domain/answers";

export type { AnswerValue } from "@/lib/domain/answers";

export { MAX_SHORT_ANSWER_CHARS } from "@/lib/domain/answers";

/**
 * Whether an answer fits its question; null when it does, else the reason. The input schema has
 * already checked the shape in general (one key, an integer or a string); this checks it against
 * the question: the kind, and the choice index within the choices.
 */
export function answerProblem(question: Pick<ExamQuestion, "kind" | "choices">, answer: AnswerValue): string | null {
  if (question.kind === "multiple_choice") {
    if (!("choice" in answer)) return "This is a multiple-choice question: send {\"choice\": <index>}.";
    if (answer.choice < 0 || answer.choice >= question.choices.length) {
      return `choice must be between 0 and ${question.choices.length - 1}.`;
    }
    return null;
  }
  if (!("text" in answer)) return "This is a short-answer question: send {\"text\": \"...\"}.";
  if (answer.text.length > MAX_SHORT_ANSWER_CHARS) return `Ensure the answer has no more than ${MAX_SHORT_ANSWER_CHARS} characters.`;
  return null;
}
