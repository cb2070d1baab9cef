import { apiRoute } from "@/lib/http/api-route";
import { listReviewQueue } from "@/lib/queries/dashboard-reviews";

export const dynamic = "force-dynamic";

/** The dashboard's Reviews panel: attempts waiting for a person (second review, error), with the vendor's review. */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) =>
  listReviewQueue(ctx, {
    courseKey: params.courseKey,
    page: query.get("page"),
    search: query.get("search"),
    status: query.get("status"),
  }),
);
