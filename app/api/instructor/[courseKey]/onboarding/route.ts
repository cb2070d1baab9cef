import { apiRoute } from "@/lib/http/api-route";
import { listOnboardingStatuses } from "@/lib/queries/dashboard-onboarding";

export const dynamic = "force-dynamic";

/** The dashboard's Onboarding panel (§7.4, §13.3): one page of learners with their status. Course staff or admins. */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) =>
  listOnboardingStatuses(ctx, {
    courseKey: params.courseKey,
    page: query.get("page"),
    search: query.get("search"),
    statuses: query.get("statuses"),
  }),
);
