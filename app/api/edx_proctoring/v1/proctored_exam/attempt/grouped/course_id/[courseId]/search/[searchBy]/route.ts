import { apiRoute } from "@/lib/http/api-route";
import { listGroupedAttempts } from "@/lib/queries/grouped-attempts";

export const dynamic = "force-dynamic";

/** §8.9 with a search: learners whose username or e-mail contains the text (any case). */
export const GET = apiRoute<{ courseId: string; searchBy: string }>(async ({ ctx, params, query }) =>
  listGroupedAttempts(ctx, { courseKey: params.courseId, searchBy: params.searchBy, page: query.get("page") }),
);
