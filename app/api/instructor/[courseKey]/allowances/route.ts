import { apiRoute } from "@/lib/http/api-route";
import { listAllowanceGroups } from "@/lib/queries/dashboard-allowances";

export const dynamic = "force-dynamic";

/** The allowances panel: one page of learners (25) with their allowances, `?page=&search=`. */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) =>
  listAllowanceGroups(ctx, { courseKey: params.courseKey, search: query.get("search"), page: query.get("page") }),
);
