import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { attemptTimeline } from "@/lib/queries/dashboard-attempts";
import { requireCourseStaffActor } from "@/lib/queries/pagination";
import { ServiceError } from "@/lib/domain/errors";

export const dynamic = "force-dynamic";

/** One attempt's timeline: every transition and action, oldest first. Course staff or admins. */
export const GET = apiRoute<{ courseKey: string; attemptId: string }>(async ({ ctx, params }) => {
  // Non-staff learn nothing, not even whether the id is well formed.
  requireCourseStaffActor(ctx, params.courseKey);
  const attemptId = parseId(params.attemptId, "attempt_id");
  const timeline = await attemptTimeline(ctx, params.courseKey, attemptId);
  // An attempt of another course is answered like a missing one.
  if (!timeline) throw new ServiceError("NOT_FOUND", `There is no attempt ${attemptId} in this course.`);
  return timeline;
});
