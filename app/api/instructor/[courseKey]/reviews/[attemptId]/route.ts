import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { requireCourseStaffActor } from "@/lib/queries/pagination";
import { staffReview } from "@/lib/services/review/staff-review";

export const dynamic = "force-dynamic";

/** Verify or reject a flagged attempt of this course, with a note. Course staff or admins. */
export const POST = apiRoute<{ courseKey: string; attemptId: string }>(async ({ ctx, params, body }) => {
  // Non-staff learn nothing, not even whether the id is well formed.
  requireCourseStaffActor(ctx, params.courseKey);
  const attemptId = parseId(params.attemptId, "attempt_id");
  const { decision, note } = await body();
  return staffReview(ctx, { attemptId, courseKey: params.courseKey, decision, note });
});
