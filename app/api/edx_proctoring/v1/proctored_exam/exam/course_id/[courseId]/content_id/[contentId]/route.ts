import { apiRoute } from "@/lib/http/api-route";
import { examJson } from "@/lib/data/edx-json";
import { getExamByContent } from "@/lib/services/exam/get";

export const dynamic = "force-dynamic";

/** §8.3: one exam by course and (URL-encoded, full) usage key (§17.4). */
export const GET = apiRoute<{ courseId: string; contentId: string }>(async ({ ctx, params }) =>
  examJson(await getExamByContent(ctx, params.courseId, params.contentId)),
);
