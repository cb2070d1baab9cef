import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { replaceQuestionSet } from "@/lib/services/exam/questions";

/**
 * PUT (or POST, like every LMS sync endpoint) /api/v1/exams/<exam_id>/questions: replace the exam's
 * built-in question set, `{questions: [...]}`. Course staff, admins, or an LMS token with `lms:sync`.
 */
const handler = apiRoute<{ examId: string }>(async ({ ctx, params, json }) =>
  replaceQuestionSet(ctx, parseId(params.examId, "exam_id"), await json()),
);

export const PUT = handler;
export const POST = handler;
