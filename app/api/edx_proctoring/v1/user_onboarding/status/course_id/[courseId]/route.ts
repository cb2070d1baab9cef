import { apiRoute } from "@/lib/http/api-route";
import { onboardingPanelResponse } from "@/lib/queries/dashboard-onboarding";

export const dynamic = "force-dynamic";

/** §7.4: every proctoring-eligible learner's onboarding status, 25 per page. Course staff only. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, query }) =>
  onboardingPanelResponse(ctx, {
    courseKey: params.courseId,
    page: query.get("page"),
    textSearch: query.get("text_search"),
    statuses: query.get("statuses"),
  }),
);
