import { apiRoute } from "@/lib/http/api-route";
import { courseOnboardingStatuses } from "@/lib/queries/onboarding";

export const dynamic = "force-dynamic";

/** §7.4: every proctoring-eligible learner's onboarding status, 25 per page. Course staff only. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, query }) =>
  courseOnboardingStatuses(ctx, {
    courseKey: params.courseId,
    page: query.get("page"),
    textSearch: query.get("text_search"),
    statuses: query.get("statuses"),
  }),
);
