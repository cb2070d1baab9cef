import { apiRoute } from "@/lib/http/api-route";
import { registerCourseExams } from "@/lib/services/sync/exam-registration";

/** §20 (4.12.0): the course's full list of timed/proctored sequences → `[{"exam_id": n}, ...]`. */
const handler = apiRoute<{ courseId: string }>(async ({ ctx, params, json }) =>
  (await registerCourseExams(ctx, params.courseId, await json())).exams,
);

export const POST = handler;
/** edx-exams sends PATCH. */
export const PATCH = handler;
