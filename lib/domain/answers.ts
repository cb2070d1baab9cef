/** What a learner's answer is: the chosen index (multiple choice) or the text (short answer). */
export type AnswerValue = { choice: number } | { text: string };

/**
 * Longest short answer, in UTF-16 code units: what a textarea's `maxlength` counts, so the
 * browser's limit and ours agree (components/exam-body keeps the same number, and its test
 * checks that).
 */
export const MAX_SHORT_ANSWER_CHARS = 10_000;

/** The kinds of built-in question (db/schema's QUESTION_KINDS; answers.test.ts checks they agree). */
export const QUESTION_KINDS = ["multiple_choice", "short_answer"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

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
