import { apiRoute } from "@/lib/http/api-route";
import { listGroupedAttempts } from "@/lib/queries/grouped-attempts";

export const dynamic = "force-dynamic";

/** §8.9: the course's attempts, one row per (learner, exam), 25 per page. Course staff only. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, query }) =>
  listGroupedAttempts(ctx, { courseKey: params.courseId, searchBy: null, page: query.get("page") }),
);
