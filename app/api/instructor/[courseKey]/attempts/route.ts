import { apiRoute } from "@/lib/http/api-route";
import { listDashboardAttempts } from "@/lib/queries/dashboard-attempts";

export const dynamic = "force-dynamic";

/** The dashboard's Attempts panel (§13.2): one page of (learner, exam) rows, 25 per page. Course staff or admins. */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) =>
  listDashboardAttempts(ctx, { courseKey: params.courseKey, page: query.get("page"), search: query.get("search") }),
);
