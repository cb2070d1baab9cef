import { apiRoute } from "@/lib/http/api-route";
import { parsePullQuery, pullGradeOverrides } from "@/lib/queries/lms-pull";
import { requireSyncCaller } from "@/lib/services/sync/common";

/** The LMS pulls: the course's grade overrides, undone ones included (optionally one learner's), paged by id (decision 040). */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) => {
  requireSyncCaller(ctx);
  return pullGradeOverrides(ctx.db, params.courseKey, parsePullQuery(query));
});
