import { apiRoute } from "@/lib/http/api-route";
import { instructorDashboard, instructorDashboardResponse } from "@/lib/queries/instructor-dashboard";

export const dynamic = "force-dynamic";

/** §8.20: redirect to the vendor's instructor dashboard for the course. Course staff only. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, req }) =>
  instructorDashboardResponse(req, await instructorDashboard(ctx, { courseKey: params.courseId, examId: null })),
);
