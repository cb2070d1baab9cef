import { apiRoute } from "@/lib/http/api-route";
import { parsePullQuery, pullCreditStatuses } from "@/lib/queries/lms-pull";
import { syncCreditStatuses } from "@/lib/services/sync/credit";
import { requireSyncCaller } from "@/lib/services/sync/common";

/** LMS sync: learners' credit requirement statuses (status null removes one). One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncCreditStatuses(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;

/** The LMS pulls: the course's credit requirement statuses (optionally one learner's), paged by id (decision 040). */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) => {
  requireSyncCaller(ctx);
  return pullCreditStatuses(ctx.db, params.courseKey, parsePullQuery(query));
});
