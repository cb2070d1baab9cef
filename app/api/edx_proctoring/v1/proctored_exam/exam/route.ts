import { apiRoute } from "@/lib/http/api-route";
import { createExam } from "@/lib/services/exam/create";
import { updateExam } from "@/lib/services/exam/update";
import { ServiceError } from "@/lib/domain/errors";

export const dynamic = "force-dynamic";

/** §8.1: create an exam (admins, `admin:api` or `lms:sync` tokens) → `{"exam_id": n}`. */
export const POST = apiRoute(async ({ ctx, body }) => ({ exam_id: (await createExam(ctx, await body())).id }));

/** §8.2: update an exam → `{"exam_id": n}`. */
export const PUT = apiRoute(async ({ ctx, body }) => ({ exam_id: (await updateExam(ctx, await body())).id }));

/** 3.8.1 answers a bare GET with a 500 (§8.3, §17.3); we say which paths exist. */
export const GET = apiRoute(async () => {
  throw new ServiceError(
    "VALIDATION",
    "Name the exam in the path: …/proctored_exam/exam/exam_id/<exam_id>, …/exam/course_id/<course_id> or …/exam/course_id/<course_id>/content_id/<content_id>.",
  );
});
