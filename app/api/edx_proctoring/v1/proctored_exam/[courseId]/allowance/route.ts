import { apiRoute } from "@/lib/http/api-route";
import { listCourseAllowances } from "@/lib/services/allowance/list";

export const dynamic = "force-dynamic";

/** §8.13: every allowance of the course (course staff or admins). */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params }) => listCourseAllowances(ctx, params.courseId));
