import { apiRoute } from "@/lib/http/api-route";
import { groupedAllowances } from "@/lib/services/allowance/list";

export const dynamic = "force-dynamic";

/** §20 (3.16.0): the course's allowances grouped by username. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params }) => groupedAllowances(ctx, params.courseId));
