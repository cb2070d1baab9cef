import { apiRoute } from "@/lib/http/api-route";
import { listDashboardAttempts, listDashboardAttemptsAt } from "@/lib/queries/dashboard-attempts";

export const dynamic = "force-dynamic";

/**
 * The dashboard's Attempts panel (§13.2): one page of (learner, exam) rows, 25 per page, by page
 * number or, for deep pages, by a `cursor` an earlier answer gave (which wins over `page`).
 * Course staff or admins.
 */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) => {
  const cursor = query.get("cursor");
  if (cursor !== null) return listDashboardAttemptsAt(ctx, { courseKey: params.courseKey, cursor, search: query.get("search") });
  return listDashboardAttempts(ctx, { courseKey: params.courseKey, page: query.get("page"), search: query.get("search") });
});
