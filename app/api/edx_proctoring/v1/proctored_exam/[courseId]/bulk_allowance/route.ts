import { apiRoute } from "@/lib/http/api-route";
import { bulkAddAllowances } from "@/lib/services/allowance/bulk";

export const dynamic = "force-dynamic";

/** §20 (3.15.0): one allowance for many learners x many exams of the course, all or nothing. */
const handler = apiRoute<{ courseId: string }>(async ({ ctx, params, body }) =>
  bulkAddAllowances(ctx, params.courseId, await body()),
);

export const POST = handler;
/** Upstream's view answers PUT; the instructor dashboard of later versions sends that. */
export const PUT = handler;
