import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { instructorDashboard, instructorDashboardResponse } from "@/lib/queries/instructor-dashboard";

export const dynamic = "force-dynamic";

/** §8.20: redirect to the vendor's instructor dashboard for one exam. Course staff only. */
export const GET = apiRoute<{ courseId: string; examId: string }>(async ({ ctx, params, req }) =>
  instructorDashboardResponse(
    req,
    await instructorDashboard(ctx, {
      courseKey: params.courseId,
      examId: parseId(params.examId, "exam_id"),
      attempt: req.nextUrl.searchParams.get("attempt") || null,
      config: req.nextUrl.searchParams.get("config") === "true",
    }),
  ),
);
