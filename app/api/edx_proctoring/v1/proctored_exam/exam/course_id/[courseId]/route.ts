import { apiRoute } from "@/lib/http/api-route";
import { examJson } from "@/lib/data/edx-json";
import { listActiveExams } from "@/lib/services/exam/get";

export const dynamic = "force-dynamic";

/** §8.3: the course's active exams (any authenticated caller). */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params }) =>
  (await listActiveExams(ctx, params.courseId)).map(examJson),
);
