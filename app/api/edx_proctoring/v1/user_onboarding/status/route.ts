import { apiRoute } from "@/lib/http/api-route";
import { learnerOnboardingStatusView } from "@/lib/queries/onboarding";
import { isLearningMfeParam } from "@/lib/links/exam-links";

export const dynamic = "force-dynamic";

/** §7.2 (+ §20's onboarding_past_due): the learner's onboarding status in a course. */
export const GET = apiRoute(async ({ ctx, query }) =>
  learnerOnboardingStatusView(ctx, {
    courseKey: query.get("course_id"),
    username: query.get("username"),
    isLearningMfe: isLearningMfeParam(query.get("is_learning_mfe")),
  }),
);
