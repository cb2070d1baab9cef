/**
 * What the exam settings panel's server actions answer (app/instructor/[courseKey]/exams/actions.ts):
 * success with the exam's id, or a refusal with a sentence and, for invalid input, one message per
 * field under the field's path in the form (`exam_name`, `questions.2.choices.0`).
 */
export type ExamActionResult =
  | { ok: true; examId: number; message: string }
  | {
      ok: false;
      /** The HTTP status the REST API would answer: 400 invalid, 403, 404, 409 (question set answered). */
      status: number;
      detail: string;
      fieldErrors: Record<string, string>;
      /** Set when the exam was saved but a later part (its review policy) was not. */
      examId?: number;
    };
