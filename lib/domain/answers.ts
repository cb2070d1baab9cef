/** What a learner's answer is: the chosen index (multiple choice) or the text (short answer). */
export type AnswerValue = { choice: number } | { text: string };
