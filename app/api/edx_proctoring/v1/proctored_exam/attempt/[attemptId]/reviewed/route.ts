import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { submitVendorReview } from "@/lib/services/review/submit";

export const dynamic = "force-dynamic";

/** §8.12: a REST vendor posts its review. The segment holds the vendor's attempt id. */
export const POST = apiRoute<{ attemptId: string }>(async ({ ctx, params, body }) => {
  await submitVendorReview(ctx, params.attemptId, await body());
  return NextResponse.json("OK");
});
