import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { acknowledgeReviewStatus } from "@/lib/services/review/submit";

export const dynamic = "force-dynamic";

/** §8.10: the learner acknowledges the review result. */
export const PUT = apiRoute<{ attemptId: string }>(async ({ ctx, params }) => {
  await acknowledgeReviewStatus(ctx, parseId(params.attemptId, "attempt_id"));
  return new NextResponse(null, { status: 200 });
});
